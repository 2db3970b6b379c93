package io.runbookd.plugin;

import java.util.List;

/**
 * How a plugin describes itself: the {@code plugins} command, docs/rules.md and the RBAC manifest
 * are generated from this, never written beside it by hand.
 *
 * @param name the name rule files use, e.g. {@code k8s.rollout_restart}
 * @param summary one line saying what it does
 * @param example a YAML snippet of a rule step using it
 * @param params the parameters it takes
 * @param permissions what it needs on the target system, one per line, each in one of these forms
 *     (the RBAC, IAM and grant documents are generated from them):
 *     <ul>
 *       <li>Kubernetes: {@code <group>/<resource>[/<subresource>]: <verb>[, <verb>]...}, with
 *           {@code core} for the core group, e.g. {@code core/pods/eviction: create};
 *       <li>AWS: {@code IAM: <service>:<Action>[, <service>:<Action>]...[ on <arn>[, <arn>]...]};
 *           without {@code on}, the actions take no resource-level permission (resource {@code *});
 *           in an ARN, {@code {param}} stands for the value of the step's parameter of that name
 *           and {@code *} for what the rule cannot know (region, account), e.g. {@code IAM:
 *           s3:DeleteObject on arn:aws:s3:::{bucket}/{prefix}*}; what runbookd cannot name (a
 *           secret's rotation function) is a {@code *} in the ARN;
 *       <li>PostgreSQL: {@code PostgreSQL: <free text>} (roles, grants, ownership);
 *       <li>anything else: {@code network: <free text>}, or a pager's credential in words.
 *     </ul>
 *
 * @param sensitiveData keys of its finding's or outcome's data whose values are never recorded
 *     ({@link Redaction#SECRET}); a dotted path goes into nested maps, through lists, so {@code
 *     pods.sample} is the {@code sample} of every element of {@code pods}
 */
public record PluginInfo(
    String name,
    String summary,
    String example,
    List<Param> params,
    List<String> permissions,
    List<String> sensitiveData) {
  public PluginInfo {
    params = List.copyOf(params);
    permissions = List.copyOf(permissions);
    sensitiveData = List.copyOf(sensitiveData);
  }

  /** A plugin whose data holds nothing sensitive. */
  public PluginInfo(
      String name, String summary, String example, List<Param> params, List<String> permissions) {
    this(name, summary, example, params, permissions, List.of());
  }

  /** The same description, with these data keys never recorded. */
  public PluginInfo withSensitiveData(String... paths) {
    return new PluginInfo(name, summary, example, params, permissions, List.of(paths));
  }
}

package io.runbookd.plugin;

import java.util.List;

/**
 * How a plugin describes itself: the {@code plugins} command, docs/rules.md and the RBAC
 * manifest are generated from this, never written beside it by hand.
 *
 * @param name the name rule files use, e.g. {@code k8s.rollout_restart}
 * @param summary one line saying what it does
 * @param example a YAML snippet of a rule step using it
 * @param params the parameters it takes
 * @param permissions what it needs on the target system (Kubernetes RBAC verbs and
 *     resources, IAM actions, SQL privileges), one per line
 */
public record PluginInfo(
    String name, String summary, String example, List<Param> params, List<String> permissions) {
  public PluginInfo {
    params = List.copyOf(params);
    permissions = List.copyOf(permissions);
  }
}

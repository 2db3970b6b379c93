package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.k8s.KubeChecks;
import io.runbookd.k8s.KubeParams;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed's {@code kubectl set resources deployment NAME --requests=cpu=2,memory=4Gi
 * --limits=cpu=4,memory=8Gi}: sets CPU and memory requests and limits on one container of the pod
 * template (a rolling update follows), leaving other resources alone. Retry-safe: it sets values.
 * Reversible: the DONE outcome records what each changed entry was and which were added.
 */
public final class SetResources implements Action<SetResourcesParams> {
  static final Param REQUESTS =
      Param.optional(
          "requests",
          ParamType.STRING_MAP,
          "requests to set, e.g. {cpu: \"2\", memory: 4Gi}",
          KubeChecks.RESOURCE_QUANTITIES);
  static final Param LIMITS =
      Param.optional(
          "limits",
          ParamType.STRING_MAP,
          "limits to set, e.g. {cpu: \"4\", memory: 8Gi}",
          KubeChecks.RESOURCE_QUANTITIES);
  static final Param UNSET =
      Param.optional(
          "unset",
          ParamType.STRING_LIST,
          "entries to remove: requests.cpu, requests.memory, limits.cpu, limits.memory",
          ResourceEntries.CHECK);

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.set_resources",
          "Sets CPU and memory requests and limits on a Deployment's container (a rolling update"
              + " follows).",
          "- id: scale_up\n  action: k8s.set_resources\n"
              + "  params: {namespace: nba-mcp, deployment: nba-mcp,\n"
              + "    requests: {cpu: \"2\", memory: 4Gi}, limits: {cpu: \"4\", memory: 8Gi}}",
          List.of(
              KubeParams.NAMESPACE,
              KubeParams.DEPLOYMENT,
              SetEnv.CONTAINER,
              REQUESTS,
              LIMITS,
              UNSET),
          List.of("apps/deployments: get, patch"));

  private final KubernetesClient client;

  public SetResources(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public SetResourcesParams bind(Params params) throws ParamException {
    SetResourcesParams p =
        new SetResourcesParams(
            params.string("namespace"),
            params.string("deployment"),
            params.optionalString("container"),
            params.stringMap("requests"),
            params.stringMap("limits"),
            params.stringList("unset"));
    ResourceEntries.checkConsistent(p);
    return p;
  }

  @Override
  public Target target(SetResourcesParams p) {
    return Target.kubernetes("deployment", p.namespace(), p.deployment());
  }

  @Override
  public String describe(SetResourcesParams p) {
    return "set resources "
        + ResourceEntries.describe(p)
        + " on deployment "
        + p.ref()
        + p.container().map(c -> " container " + c).orElse("");
  }

  @Override
  public Outcome execute(SetResourcesParams p) throws Exception {
    return edit(p).execute();
  }

  /** DONE when every entry has the wanted amount (or is gone); NOT_APPLIED when one does not. */
  @Override
  public Outcome recheck(SetResourcesParams p, Instant startedAt) {
    return edit(p).recheck();
  }

  @Override
  public Optional<Map<String, Object>> snapshot(SetResourcesParams p) {
    return edit(p).snapshot();
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.REVERSIBLE;
  }

  /** The previous amounts set again and the added entries removed, on the same container. */
  @Override
  public Optional<Undo> undo(SetResourcesParams p, Outcome done) {
    Map<String, Object> data = done.data();
    Map<String, Object> params = new LinkedHashMap<>();
    putIfNotEmpty(params, "requests", data.get("previous_requests"));
    putIfNotEmpty(params, "limits", data.get("previous_limits"));
    putIfNotEmpty(params, "unset", data.get("added"));
    if (params.isEmpty()) {
      return Optional.empty();
    }
    params.put("namespace", p.namespace());
    params.put("deployment", p.deployment());
    params.put("container", data.get("container"));
    return Optional.of(new Undo(INFO.name(), params));
  }

  private static void putIfNotEmpty(Map<String, Object> params, String name, Object value) {
    boolean empty =
        value == null
            || (value instanceof Map<?, ?> m && m.isEmpty())
            || (value instanceof List<?> l && l.isEmpty());
    if (!empty) {
      params.put(name, value);
    }
  }

  private ContainerEdit edit(SetResourcesParams p) {
    String change = ResourceEntries.describe(p);
    return new ContainerEdit(
        client,
        p.namespace(),
        p.deployment(),
        d -> ResourcePlan.of(d, p),
        change,
        "set resources " + change);
  }
}

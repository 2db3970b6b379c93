package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.k8s.KubeChecks;
import io.runbookd.k8s.KubeParams;
import io.runbookd.plugin.Checks;
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
import java.util.stream.Collectors;

/**
 * {@code kubectl set env deployment/NAME KEY=VALUE OTHER-}: sets and removes environment variables
 * on one container of the pod template, leaving the others and their order alone. Retry-safe: it
 * sets values, and reports NOT_NEEDED when they are already in place. Reversible: the DONE outcome
 * records the previous values and the variables it added, and {@link #undo} puts them back.
 */
public final class SetEnv implements Action<SetEnvParams> {
  static final Param ENV =
      Param.optional(
          "env",
          ParamType.STRING_MAP,
          "variables to set, e.g. {DB_POOL_SIZE: \"50\"}; env, unset or both",
          Checks.ENV_VAR_NAMES);
  static final Param UNSET =
      Param.optional(
          "unset",
          ParamType.STRING_LIST,
          "variables to remove, e.g. [USE_CACHE_FALLBACK]; never one that env sets",
          KubeChecks.ENV_NAME_LIST);
  static final Param CONTAINER =
      Param.optional(
          "container",
          ParamType.STRING,
          "container to change; may be omitted when the pod template has only one",
          Checks.K8S_LABEL_NAME);

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.set_env",
          "Sets or removes environment variables on a Deployment's container (a rolling update"
              + " follows).",
          "- id: pool\n  action: k8s.set_env\n"
              + "  params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: \"50\"}}",
          List.of(KubeParams.NAMESPACE, KubeParams.DEPLOYMENT, ENV, CONTAINER, UNSET),
          List.of("apps/deployments: get, patch"));

  private final KubernetesClient client;

  public SetEnv(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public SetEnvParams bind(Params params) throws ParamException {
    Map<String, String> env = params.stringMap("env");
    List<String> unset = params.stringList("unset");
    if (env.isEmpty() && unset.isEmpty()) {
      throw new ParamException("env", "name variables to set (env), to remove (unset), or both");
    }
    Optional<String> both = unset.stream().filter(env::containsKey).findFirst();
    if (both.isPresent()) {
      throw new ParamException("unset", both.get() + " is both set (env) and removed (unset)");
    }
    return new SetEnvParams(
        params.string("namespace"),
        params.string("deployment"),
        env,
        params.optionalString("container"),
        unset);
  }

  @Override
  public Target target(SetEnvParams p) {
    return Target.kubernetes("deployment", p.namespace(), p.deployment());
  }

  @Override
  public String describe(SetEnvParams p) {
    return change(p)
        + " on deployment "
        + p.ref()
        + p.container().map(c -> " container " + c).orElse("");
  }

  @Override
  public Outcome execute(SetEnvParams p) throws Exception {
    return edit(p).execute();
  }

  /** DONE when every variable has the wanted value; NOT_APPLIED when one does not. */
  @Override
  public Outcome recheck(SetEnvParams p, Instant startedAt) {
    return edit(p).recheck();
  }

  @Override
  public Optional<Map<String, Object>> snapshot(SetEnvParams p) {
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

  /** The previous values set again, the variables it added removed, on the same container. */
  @Override
  public Optional<Undo> undo(SetEnvParams p, Outcome done) {
    Map<String, Object> data = done.data();
    if (!(data.get("previous") instanceof Map<?, ?> previous)
        || !(data.get("added") instanceof List<?> added)
        || (previous.isEmpty() && added.isEmpty())) {
      return Optional.empty();
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("namespace", p.namespace());
    params.put("deployment", p.deployment());
    params.put("container", data.get("container"));
    if (!previous.isEmpty()) {
      params.put("env", previous);
    }
    if (!added.isEmpty()) {
      params.put("unset", added);
    }
    return Optional.of(new Undo(INFO.name(), params));
  }

  private ContainerEdit edit(SetEnvParams p) {
    return new ContainerEdit(
        client, p.namespace(), p.deployment(), d -> EnvPlan.of(d, p), change(p), change(p));
  }

  /** {@code set env A=1, B=2 and unset C}, {@code unset env C}. */
  private static String change(SetEnvParams p) {
    String unset = String.join(", ", p.unset());
    if (p.env().isEmpty()) {
      return "unset env " + unset;
    }
    return "set env " + assignments(p.env()) + (unset.isEmpty() ? "" : " and unset " + unset);
  }

  /** {@code A=1, B=2} with values clipped: values come from rules and may be long. */
  private static String assignments(Map<String, String> env) {
    return env.entrySet().stream()
        .map(e -> e.getKey() + "=" + Checks.clip(e.getValue()))
        .collect(Collectors.joining(", "));
  }
}

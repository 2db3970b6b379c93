package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.k8s.JsonPatch;
import io.runbookd.k8s.KubeParams;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kubectl scale deployment NAME --replicas=N}, within the rule's {@code min} and {@code max}
 * (never above {@value #HARD_MAX}). Refused when a HorizontalPodAutoscaler scales the Deployment:
 * it would undo the change at its next sync. Retry-safe: it sets the count, never adds to it.
 */
public final class Scale implements Action<ScaleParams> {
  static final int HARD_MAX = 100;
  static final Param REPLICAS =
      Param.required(
          "replicas", ParamType.INTEGER, "replica count to set", Checks.range(0, HARD_MAX));
  static final Param MIN =
      Param.required(
          "min",
          ParamType.INTEGER,
          "the rule's lower bound for replicas",
          Checks.range(0, HARD_MAX));
  static final Param MAX =
      Param.required(
          "max",
          ParamType.INTEGER,
          "the rule's upper bound for replicas (at most " + HARD_MAX + ")",
          Checks.range(0, HARD_MAX));

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.scale",
          "Sets a Deployment's replica count within the rule's bounds, like kubectl scale.",
          "- id: scale_out\n"
              + "  action: k8s.scale\n"
              + "  params: {namespace: nba-mcp, deployment: nba-mcp, replicas: 10, min: 3, max:"
              + " 12}",
          List.of(KubeParams.NAMESPACE, KubeParams.DEPLOYMENT, REPLICAS, MIN, MAX),
          List.of("apps/deployments: get, patch", "autoscaling/horizontalpodautoscalers: list"));

  private final KubernetesClient client;

  public Scale(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public ScaleParams bind(Params params) throws ParamException {
    long replicas = params.integer("replicas", 0);
    long min = params.integer("min", 0);
    long max = params.integer("max", 0);
    if (min > max) {
      throw new ParamException("max", "must be at least min (" + min + "), got " + max);
    }
    if (replicas < min || replicas > max) {
      throw new ParamException(
          "replicas", replicas + " is outside the rule's bounds [" + min + ", " + max + "]");
    }
    return new ScaleParams(
        params.string("namespace"), params.string("deployment"), replicas, min, max);
  }

  @Override
  public Target target(ScaleParams p) {
    return Target.kubernetes("deployment", p.namespace(), p.deployment());
  }

  @Override
  public String describe(ScaleParams p) {
    return String.format(
        Locale.ROOT,
        "scale deployment %s to %d replicas (rule bounds %d..%d)",
        p.ref(),
        p.replicas(),
        p.min(),
        p.max());
  }

  @Override
  public Outcome execute(ScaleParams p) throws Exception {
    return Writes.withConflictRetry("deployment " + p.ref(), () -> attempt(p));
  }

  private Outcome attempt(ScaleParams p) {
    Deployment deployment = resource(p).get();
    if (deployment == null) {
      return Outcome.failed("deployment " + p.ref() + " not found");
    }
    long current = replicas(deployment);
    if (current == p.replicas()) {
      return Outcome.notNeeded("deployment " + p.ref() + " already has " + current + " replicas");
    }
    Optional<String> autoscaler = autoscaler(p);
    if (autoscaler.isPresent()) {
      return Outcome.failed(
          "deployment "
              + p.ref()
              + " is scaled by HPA "
              + autoscaler.get()
              + "; change its min/max instead");
    }
    String patch =
        JsonPatch.guardedBy(deployment.getMetadata().getResourceVersion())
            .add("/spec/replicas", p.replicas())
            .toJson(client.getKubernetesSerialization());
    resource(p).patch(PatchContext.of(PatchType.JSON), patch);
    return Outcome.done(
        "scaled deployment " + p.ref() + " from " + current + " to " + p.replicas() + " replicas",
        Map.of("previous_replicas", current, "replicas", p.replicas()));
  }

  /** The replica count before the change, as the DONE outcome records it. */
  @Override
  public Optional<Map<String, Object>> snapshot(ScaleParams p) {
    Deployment deployment = resource(p).get();
    if (deployment == null || replicas(deployment) == p.replicas()) {
      return Optional.empty();
    }
    return Optional.of(Map.of("previous_replicas", replicas(deployment), "replicas", p.replicas()));
  }

  /** The HPA whose scaleTargetRef is this Deployment, if any. */
  private Optional<String> autoscaler(ScaleParams p) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(p.namespace())
        .list()
        .getItems()
        .stream()
        .filter(h -> h.getSpec() != null && targets(h.getSpec().getScaleTargetRef(), p))
        .map(h -> h.getMetadata().getName())
        .findFirst();
  }

  private static boolean targets(CrossVersionObjectReference ref, ScaleParams p) {
    return ref != null
        && "Deployment".equals(ref.getKind())
        && p.deployment().equals(ref.getName())
        && (ref.getApiVersion() == null || ref.getApiVersion().startsWith("apps/"));
  }

  /** DONE when the Deployment has the wanted count, NOT_APPLIED when it has another. */
  @Override
  public Outcome recheck(ScaleParams p, Instant startedAt) {
    Deployment deployment = resource(p).get();
    if (deployment == null) {
      return Outcome.notNeeded("deployment " + p.ref() + " no longer exists");
    }
    long current = replicas(deployment);
    return current == p.replicas()
        ? Outcome.done("deployment " + p.ref() + " has " + current + " replicas")
        : Outcome.notApplied(
            "deployment " + p.ref() + " has " + current + " replicas, not " + p.replicas());
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.REVERSIBLE;
  }

  /** Back to the previous count, the bounds widened to admit it (the rule's bounds are for N). */
  @Override
  public Optional<Undo> undo(ScaleParams p, Outcome done) {
    if (!(done.data().get("previous_replicas") instanceof Number previous)) {
      return Optional.empty();
    }
    long back = previous.longValue();
    return Optional.of(
        new Undo(
            INFO.name(),
            Map.of(
                "namespace", p.namespace(),
                "deployment", p.deployment(),
                "replicas", back,
                "min", Math.min(p.min(), back),
                "max", Math.max(p.max(), back))));
  }

  private RollableScalableResource<Deployment> resource(ScaleParams p) {
    return client.apps().deployments().inNamespace(p.namespace()).withName(p.deployment());
  }

  /** {@code spec.replicas}, which the API defaults to 1 when unset. */
  private static long replicas(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }
}

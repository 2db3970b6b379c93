package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
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
 * Sets a HorizontalPodAutoscaler's {@code minReplicas} and {@code maxReplicas} (RB-202's scaling
 * policy, after approval), in one JSON patch guarded by the {@code resourceVersion} it read.
 * Reversible: the outcome keeps the previous bounds and the undo sets them back. Retry-safe: it
 * sets the bounds, never adds to them.
 */
public final class PatchHpa implements Action<PatchHpaParams> {
  static final int HARD_MAX = 100;
  static final String NAME = "k8s.patch_hpa";

  static final Param HPA =
      Param.required(
          "hpa", ParamType.STRING, "name of the HorizontalPodAutoscaler", Checks.K8S_NAME);
  static final Param MIN =
      Param.required(
          "min_replicas",
          ParamType.INTEGER,
          "minReplicas to set, 1 to " + HARD_MAX,
          Checks.range(1, HARD_MAX));
  static final Param MAX =
      Param.required(
          "max_replicas",
          ParamType.INTEGER,
          "maxReplicas to set, at least min_replicas, at most " + HARD_MAX,
          Checks.range(1, HARD_MAX));

  private static final PluginInfo INFO =
      new PluginInfo(
          NAME,
          "Sets a HorizontalPodAutoscaler's min and max replicas; undo restores the previous"
              + " bounds.",
          "- id: scaling_policy\n"
              + "  action: k8s.patch_hpa\n"
              + "  params: {namespace: nba-mcp, hpa: nba-mcp, min_replicas: 4, max_replicas: 12}",
          List.of(KubeParams.NAMESPACE, HPA, MIN, MAX),
          List.of("autoscaling/horizontalpodautoscalers: get, patch"));

  private final KubernetesClient client;

  public PatchHpa(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public PatchHpaParams bind(Params params) throws ParamException {
    long min = params.integer("min_replicas", 1);
    long max = params.integer("max_replicas", 1);
    if (min > max) {
      throw new ParamException(
          "max_replicas", "must be at least min_replicas (" + min + "), got " + max);
    }
    return new PatchHpaParams(params.string("namespace"), params.string("hpa"), min, max);
  }

  @Override
  public Target target(PatchHpaParams p) {
    return Target.kubernetes("horizontalpodautoscaler", p.namespace(), p.hpa());
  }

  @Override
  public String describe(PatchHpaParams p) {
    return String.format(
        Locale.ROOT,
        "set HPA %s to min %d, max %d replicas",
        p.ref(),
        p.minReplicas(),
        p.maxReplicas());
  }

  @Override
  public Outcome execute(PatchHpaParams p) throws Exception {
    return Writes.withConflictRetry("HPA " + p.ref(), () -> attempt(p));
  }

  private Outcome attempt(PatchHpaParams p) {
    HorizontalPodAutoscaler hpa = resource(p).get();
    if (hpa == null) {
      return Outcome.failed("HPA " + p.ref() + " not found");
    }
    long min = min(hpa);
    long max = hpa.getSpec().getMaxReplicas();
    if (min == p.minReplicas() && max == p.maxReplicas()) {
      return Outcome.notNeeded("HPA " + p.ref() + " already has min " + min + ", max " + max);
    }
    if (min < 1 || max > HARD_MAX) {
      // its undo could not be bound: refuse a change runbookd could not take back
      return Outcome.failed(
          "HPA "
              + p.ref()
              + " has min "
              + min
              + ", max "
              + max
              + ", outside 1.."
              + HARD_MAX
              + ", which runbookd could not restore; change it by hand");
    }
    String patch =
        JsonPatch.guardedBy(hpa.getMetadata().getResourceVersion())
            .add("/spec/minReplicas", p.minReplicas())
            .add("/spec/maxReplicas", p.maxReplicas())
            .toJson(client.getKubernetesSerialization());
    resource(p).patch(PatchContext.of(PatchType.JSON), patch);
    return Outcome.done(
        String.format(
            Locale.ROOT,
            "set HPA %s from min %d, max %d to min %d, max %d replicas",
            p.ref(),
            min,
            max,
            p.minReplicas(),
            p.maxReplicas()),
        Map.of(
            "previous_min_replicas",
            min,
            "previous_max_replicas",
            max,
            "min_replicas",
            p.minReplicas(),
            "max_replicas",
            p.maxReplicas()));
  }

  /** The bounds before the change, as the DONE outcome records them. */
  @Override
  public Optional<Map<String, Object>> snapshot(PatchHpaParams p) {
    HorizontalPodAutoscaler hpa = resource(p).get();
    if (hpa == null || (min(hpa) == p.minReplicas() && hpa.getSpec().getMaxReplicas() == p.maxReplicas())) {
      return Optional.empty();
    }
    return Optional.of(Map.of("previous_min_replicas", min(hpa), "previous_max_replicas",
        (long) hpa.getSpec().getMaxReplicas(), "min_replicas", p.minReplicas(), "max_replicas", p.maxReplicas()));
  }

  /** DONE when the HPA has both bounds, NOT_APPLIED when it has others. */
  @Override
  public Outcome recheck(PatchHpaParams p, Instant startedAt) {
    HorizontalPodAutoscaler hpa = resource(p).get();
    if (hpa == null) {
      return Outcome.notNeeded("HPA " + p.ref() + " no longer exists");
    }
    long min = min(hpa);
    long max = hpa.getSpec().getMaxReplicas();
    String now = "HPA " + p.ref() + " has min " + min + ", max " + max;
    return min == p.minReplicas() && max == p.maxReplicas()
        ? Outcome.done(now)
        : Outcome.notApplied(now + ", not " + p.minReplicas() + ", " + p.maxReplicas());
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.REVERSIBLE;
  }

  /** Back to the bounds it had (an unset minReplicas was 1, and is set to 1). */
  @Override
  public Optional<Undo> undo(PatchHpaParams p, Outcome done) {
    if (!(done.data().get("previous_min_replicas") instanceof Number min)
        || !(done.data().get("previous_max_replicas") instanceof Number max)) {
      return Optional.empty();
    }
    return Optional.of(
        new Undo(
            NAME,
            Map.of(
                "namespace", p.namespace(),
                "hpa", p.hpa(),
                "min_replicas", min.longValue(),
                "max_replicas", max.longValue())));
  }

  private Resource<HorizontalPodAutoscaler> resource(PatchHpaParams p) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(p.namespace())
        .withName(p.hpa());
  }

  /** {@code spec.minReplicas}, which the API defaults to 1 when unset. */
  private static long min(HorizontalPodAutoscaler hpa) {
    Integer min = hpa.getSpec().getMinReplicas();
    return min == null ? 1 : min;
  }
}

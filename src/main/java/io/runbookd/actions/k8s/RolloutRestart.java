package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.k8s.JsonPatch;
import io.runbookd.k8s.K8sTime;
import io.runbookd.k8s.KubeParams;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kubectl rollout restart deployment/NAME}: stamps the pod template with {@value
 * #RESTARTED_AT}, so the Deployment controller replaces every pod. Not retry-safe: each execution
 * starts another rollout.
 */
public final class RolloutRestart implements Action<DeploymentParams> {
  public static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.rollout_restart",
          "Restarts every pod of a Deployment through a rolling update, like kubectl rollout"
              + " restart.",
          "- id: restart\n  action: k8s.rollout_restart\n"
              + "  params: {namespace: nba-mcp, deployment: nba-mcp}",
          List.of(KubeParams.NAMESPACE, KubeParams.DEPLOYMENT),
          List.of("apps/deployments: get, patch"));

  private final KubernetesClient client;
  private final Clock clock;

  public RolloutRestart(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public DeploymentParams bind(Params params) {
    return new DeploymentParams(params.string("namespace"), params.string("deployment"));
  }

  @Override
  public Target target(DeploymentParams p) {
    return Target.kubernetes("deployment", p.namespace(), p.deployment());
  }

  @Override
  public String describe(DeploymentParams p) {
    return "rollout restart deployment " + p.ref();
  }

  @Override
  public Outcome execute(DeploymentParams p) throws Exception {
    return Writes.withConflictRetry("deployment " + p.ref(), () -> attempt(p));
  }

  private Outcome attempt(DeploymentParams p) {
    Deployment deployment = resource(p).get();
    if (deployment == null) {
      return Outcome.failed("deployment " + p.ref() + " not found");
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      // kubectl refuses too: a paused Deployment would not roll, the restart would only wait
      return Outcome.failed("deployment " + p.ref() + " is paused; resume it first");
    }
    String now = K8sTime.format(clock.instant());
    ObjectMeta template = deployment.getSpec().getTemplate().getMetadata();
    JsonPatch patch = JsonPatch.guardedBy(deployment.getMetadata().getResourceVersion());
    if (template == null) {
      patch.add("/spec/template/metadata", Map.of("annotations", Map.of(RESTARTED_AT, now)));
    } else if (template.getAnnotations() == null) {
      patch.add("/spec/template/metadata/annotations", Map.of(RESTARTED_AT, now));
    } else {
      patch.add("/spec/template/metadata/annotations/" + JsonPatch.segment(RESTARTED_AT), now);
    }
    resource(p)
        .patch(PatchContext.of(PatchType.JSON), patch.toJson(client.getKubernetesSerialization()));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("restarted_at", now);
    restartedAt(deployment).ifPresent(previous -> data.put("previous_restarted_at", previous));
    return Outcome.done("restarted deployment " + p.ref() + " (restartedAt " + now + ")", data);
  }

  /**
   * DONE when the template carries a restart stamp at or after {@code startedAt} (compared in whole
   * seconds, the stamp's precision). A Deployment that no longer exists needs no restart:
   * NOT_NEEDED, with the detail saying so; verification still measures the service.
   */
  @Override
  public Outcome recheck(DeploymentParams p, Instant startedAt) {
    Deployment deployment = resource(p).get();
    if (deployment == null) {
      return Outcome.notNeeded("deployment " + p.ref() + " no longer exists");
    }
    Optional<String> stamp = restartedAt(deployment);
    Instant since = startedAt.truncatedTo(ChronoUnit.SECONDS);
    boolean restarted = stamp.flatMap(K8sTime::parse).map(at -> !at.isBefore(since)).orElse(false);
    return restarted
        ? Outcome.done("deployment " + p.ref() + " restarted at " + stamp.get())
        : Outcome.notApplied(
            "deployment "
                + p.ref()
                + " has no restart stamp since "
                + K8sTime.format(since)
                + stamp.map(s -> " (last: " + s + ")").orElse(""));
  }

  @Override
  public boolean retrySafe() {
    return false;
  }

  /** New pods from the same spec: nothing to take back. */
  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }

  private RollableScalableResource<Deployment> resource(DeploymentParams p) {
    return client.apps().deployments().inNamespace(p.namespace()).withName(p.deployment());
  }

  private static Optional<String> restartedAt(Deployment deployment) {
    ObjectMeta template = deployment.getSpec().getTemplate().getMetadata();
    return Optional.ofNullable(template)
        .map(ObjectMeta::getAnnotations)
        .map(a -> a.get(RESTARTED_AT));
  }
}

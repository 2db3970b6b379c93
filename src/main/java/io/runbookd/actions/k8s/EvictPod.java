package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.k8s.K8sTime;
import io.runbookd.k8s.KubeChecks;
import io.runbookd.k8s.KubeParams;
import io.runbookd.k8s.Workload;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed's {@code kubectl delete pod NAME}, done through the Eviction API instead: the API server
 * then honours PodDisruptionBudgets, answering 429 when one allows no disruption, which is "not
 * now" (RETRY_LATER), never a failure. Before asking, runbookd bounds the blast radius itself: the
 * pod's workload must keep enough replicas serving ({@link Disruptions}). A pod no controller would
 * recreate is never evicted. Retry-safe: evicting a pod that is gone is NOT_NEEDED.
 */
public final class EvictPod implements Action<EvictPodParams> {
  static final long DEFAULT_GRACE_SECONDS = 30;
  static final double DEFAULT_RATIO = 0.25;
  static final Param GRACE =
      Param.optional(
          "grace_seconds",
          ParamType.INTEGER,
          "seconds the pod gets to shut down (default 30)",
          Checks.range(0, 600));
  static final Param RATIO =
      Param.optional(
          "max_unavailable_ratio",
          ParamType.NUMBER,
          "largest fraction of the workload's replicas unavailable once the pod is gone (default"
              + " 0.25, rounded down; at least one pod of a workload of several replicas)",
          KubeChecks.RATIO);

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.evict_pod",
          "Evicts one pod through the Eviction API (PodDisruptionBudgets hold); its controller"
              + " replaces it.",
          "- id: evict_leaking\n  action: k8s.evict_pod\n"
              + "  params: {namespace: nba-mcp, pod: {expr: probes.top.max_memory_pod}}",
          List.of(KubeParams.NAMESPACE, KubeParams.POD, GRACE, RATIO),
          List.of(
              "core/pods: get, list",
              "core/pods/eviction: create",
              "apps/replicasets: get, list",
              "apps/deployments: get",
              "apps/statefulsets: get",
              "policy/poddisruptionbudgets: list"));

  private final KubernetesClient client;

  public EvictPod(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public EvictPodParams bind(Params params) {
    return new EvictPodParams(
        params.string("namespace"),
        params.string("pod"),
        params.integer("grace_seconds", DEFAULT_GRACE_SECONDS),
        params.number("max_unavailable_ratio", DEFAULT_RATIO));
  }

  @Override
  public Target target(EvictPodParams p) {
    return Target.kubernetes("pod", p.namespace(), p.pod());
  }

  @Override
  public String describe(EvictPodParams p) {
    return String.format(
        Locale.ROOT,
        "evict pod %s (grace %ds, at most %d%% of its workload unavailable)",
        p.ref(),
        p.graceSeconds(),
        Math.round(p.maxUnavailableRatio() * 100));
  }

  @Override
  public Outcome execute(EvictPodParams p) {
    try {
      return attempt(p);
    } catch (KubernetesClientException e) {
      return Writes.failure("pod " + p.ref(), e); // e.g. 403 reading the owner; 5xx is thrown
    }
  }

  private Outcome attempt(EvictPodParams p) {
    Pod pod = resource(p).get();
    if (pod == null) {
      return Outcome.notNeeded("pod " + p.ref() + " is already gone");
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Outcome.notNeeded("pod " + p.ref() + " is already terminating");
    }
    Workload workload;
    try {
      workload = Workload.of(client, pod);
    } catch (RefusedException e) {
      return Outcome.failed(e.getMessage());
    }
    Optional<String> tooMuch = Disruptions.blastRadius(workload, p.pod(), p.maxUnavailableRatio());
    if (tooMuch.isPresent()) {
      return Outcome.failed(tooMuch.get());
    }
    return evict(p, pod, workload);
  }

  private Outcome evict(EvictPodParams p, Pod pod, Workload workload) {
    String uid = pod.getMetadata().getUid();
    try {
      if (!resource(p).evict(eviction(p, uid))) {
        return Writes.retryLater(Disruptions.refusal(client, pod));
      }
    } catch (KubernetesClientException e) {
      return e.getCode() == 404 || e.getCode() == 409
          ? replaced(p, uid, e)
          : Writes.failure("pod " + p.ref(), e);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pod", p.pod());
    data.put("uid", uid);
    data.put("workload", workload.ref());
    data.put("grace_seconds", p.graceSeconds());
    return Outcome.done("evicted pod " + p.ref() + " of " + workload.ref(), data);
  }

  /**
   * The uid precondition makes the API server refuse (409) rather than evict a pod that replaced
   * ours under the same name (a StatefulSet's): ours is gone, which is what was wanted.
   */
  private Outcome replaced(EvictPodParams p, String uid, KubernetesClientException e) {
    Pod now = resource(p).get();
    if (now == null || !uid.equals(now.getMetadata().getUid())) {
      return Outcome.notNeeded("pod " + p.ref() + " was already gone or replaced");
    }
    return Writes.retryLater(
        "pod " + p.ref() + " changed during the eviction (" + e.getCode() + ")");
  }

  private static Eviction eviction(EvictPodParams p, String uid) {
    return new EvictionBuilder()
        .withNewMetadata()
        .withName(p.pod())
        .withNamespace(p.namespace())
        .endMetadata()
        .withDeleteOptions(
            new DeleteOptionsBuilder()
                .withGracePeriodSeconds(p.graceSeconds())
                .withNewPreconditions()
                .withUid(uid)
                .endPreconditions()
                .build())
        .build();
  }

  /**
   * DONE when the pod is gone, terminating, or was created after {@code startedAt} (a replacement
   * under the same name); NOT_APPLIED when the same pod still runs.
   */
  @Override
  public Outcome recheck(EvictPodParams p, Instant startedAt) {
    Pod pod = resource(p).get();
    if (pod == null) {
      return Outcome.done("pod " + p.ref() + " is gone");
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Outcome.done("pod " + p.ref() + " is terminating");
    }
    Instant since = startedAt.truncatedTo(ChronoUnit.SECONDS);
    boolean newer =
        K8sTime.parse(pod.getMetadata().getCreationTimestamp())
            .map(created -> !created.isBefore(since))
            .orElse(false);
    return newer
        ? Outcome.done("pod " + p.ref() + " was replaced since " + K8sTime.format(since))
        : Outcome.notApplied("pod " + p.ref() + " still runs, not terminating");
  }

  @Override
  public boolean retrySafe() {
    return true;
  }

  /** The controller replaces the pod from an unchanged spec: nothing to take back. */
  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }

  private PodResource resource(EvictPodParams p) {
    return client.pods().inNamespace(p.namespace()).withName(p.pod());
  }
}

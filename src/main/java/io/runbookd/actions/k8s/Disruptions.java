package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.runbookd.k8s.PodSelection;
import io.runbookd.k8s.Workload;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How much disruption an eviction may cause: runbookd's own blast-radius bound on the workload, and
 * the words for the API server's PodDisruptionBudget refusal.
 */
final class Disruptions {
  private Disruptions() {}

  /**
   * The most replicas of {@code workload} that may be unavailable at once: {@code ratio} of the
   * desired count, rounded down, but at least one for a workload of several replicas, else no
   * single pod of a small workload could ever be replaced. A single replica is never evicted below
   * a ratio of 1: that would be an outage.
   */
  static int allowedUnavailable(int replicas, double ratio) {
    int share = (int) Math.floor(ratio * replicas + 1e-9);
    return replicas >= 2 ? Math.max(1, share) : share;
  }

  /** Why evicting {@code pod} would take too much of its workload away, if it would. */
  static Optional<String> blastRadius(Workload workload, String pod, double ratio) {
    int after = workload.unavailableWithout(pod);
    int allowed = allowedUnavailable(workload.replicas(), ratio);
    if (after <= allowed) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "blast radius: evicting %s would leave %d of %d replicas of %s unavailable;"
                + " at most %d may be (max_unavailable_ratio %s)",
            pod,
            after,
            workload.replicas(),
            workload.ref(),
            allowed,
            ratio));
  }

  /**
   * The timeline line for a 429 from the Eviction API: the budget that holds the pod when one can
   * be found. A 429 can also be the API server's own rate limit, so without a budget it says only
   * that.
   */
  static String refusal(KubernetesClient client, Pod pod) {
    List<PodDisruptionBudget> budgets;
    try {
      budgets =
          client
              .policy()
              .v1()
              .podDisruptionBudget()
              .inNamespace(pod.getMetadata().getNamespace())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      budgets = List.of(); // e.g. no permission to list budgets: the refusal stands on its own
    }
    return budgets.stream()
        .filter(b -> b.getSpec() != null)
        .filter(b -> PodSelection.matches(b.getSpec().getSelector(), PodSelection.labels(pod)))
        .findFirst()
        .map(
            b ->
                "PodDisruptionBudget "
                    + b.getMetadata().getName()
                    + " allows no disruption now"
                    + health(b.getStatus()))
        .orElse("the API server refused the eviction for now (429 Too Many Requests)");
  }

  private static String health(PodDisruptionBudgetStatus status) {
    if (status == null
        || status.getCurrentHealthy() == null
        || status.getDesiredHealthy() == null) {
      return "";
    }
    return " ("
        + status.getCurrentHealthy()
        + " healthy, "
        + status.getDesiredHealthy()
        + " needed)";
  }
}

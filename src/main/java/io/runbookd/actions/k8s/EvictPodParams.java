package io.runbookd.actions.k8s;

/**
 * What {@code k8s.evict_pod} evicts: one pod, given time to shut down, and only while its workload
 * keeps enough replicas serving.
 *
 * @param graceSeconds the termination grace period the eviction asks for
 * @param maxUnavailableRatio the largest fraction of the workload's replicas that may be
 *     unavailable once the pod is gone
 */
public record EvictPodParams(
    String namespace, String pod, long graceSeconds, double maxUnavailableRatio) {
  String ref() {
    return namespace + "/" + pod;
  }
}

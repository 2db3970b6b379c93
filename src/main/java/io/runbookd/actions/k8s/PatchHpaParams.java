package io.runbookd.actions.k8s;

/**
 * What {@code k8s.patch_hpa} sets: a HorizontalPodAutoscaler's replica bounds, {@code 1 ≤
 * minReplicas ≤ maxReplicas ≤ }{@value PatchHpa#HARD_MAX} (checked when the step is bound).
 */
public record PatchHpaParams(String namespace, String hpa, long minReplicas, long maxReplicas) {
  String ref() {
    return namespace + "/" + hpa;
  }
}

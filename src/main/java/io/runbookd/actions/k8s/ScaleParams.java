package io.runbookd.actions.k8s;

/**
 * What {@code k8s.scale} sets: a Deployment's replica count, within the bounds the rule declares
 * ({@code min} ≤ {@code replicas} ≤ {@code max}, checked when the step is bound).
 */
public record ScaleParams(String namespace, String deployment, long replicas, long min, long max) {
  String ref() {
    return namespace + "/" + deployment;
  }
}

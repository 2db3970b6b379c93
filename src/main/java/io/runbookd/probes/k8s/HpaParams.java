package io.runbookd.probes.k8s;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code k8s.hpa} reads: the HorizontalPodAutoscalers of one namespace that scale a
 * Deployment, only those scaling {@code deployment} when it is given.
 */
public record HpaParams(String namespace, Optional<String> deployment) {
  public HpaParams {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(deployment);
  }
}

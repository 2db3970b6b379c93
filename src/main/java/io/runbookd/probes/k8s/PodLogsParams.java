package io.runbookd.probes.k8s;

import io.runbookd.k8s.LabelSelector;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code k8s.pod_logs} reads: the last {@code tail} lines, at most {@code maxBytes} bytes, of
 * each pod a selector picks, in {@code container} or else each pod's default container, and the
 * literal text counted in them.
 */
public record PodLogsParams(
    String namespace,
    LabelSelector selector,
    String pattern,
    int tail,
    int maxBytes,
    Optional<String> container) {
  public PodLogsParams {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(selector);
    Objects.requireNonNull(container);
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("pattern must not be empty");
    }
  }
}

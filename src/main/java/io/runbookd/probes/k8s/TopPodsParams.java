package io.runbookd.probes.k8s;

import io.runbookd.k8s.LabelSelector;
import java.util.Objects;

/** What {@code k8s.top_pods} reads: the usage of the pods of one namespace a selector picks. */
public record TopPodsParams(String namespace, LabelSelector selector) {
  public TopPodsParams {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(selector);
  }
}

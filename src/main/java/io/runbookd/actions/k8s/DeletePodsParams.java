package io.runbookd.actions.k8s;

import io.runbookd.k8s.LabelSelector;
import java.util.Optional;

/**
 * What {@code k8s.delete_pods} deletes: the Succeeded pods of one namespace, of those a selector
 * picks when one is given, at most {@code maxPods} per run.
 */
public record DeletePodsParams(String namespace, Optional<LabelSelector> selector, int maxPods) {
  /** {@code nba-mcp} or {@code nba-mcp (app=batch)}. */
  String scope() {
    return namespace + selector.map(s -> " (" + s.text() + ")").orElse("");
  }
}

package io.runbookd.actions.k8s;

import java.util.Optional;

/**
 * What {@code k8s.rollout_undo} rolls back: a Deployment, to {@code toRevision} when given, else to
 * the revision before its current one.
 */
public record RolloutUndoParams(String namespace, String deployment, Optional<Long> toRevision) {
  String ref() {
    return namespace + "/" + deployment;
  }
}

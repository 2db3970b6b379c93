package io.runbookd.actions;

/** Whether and how an action's change can be taken back when verification fails. */
public enum Reversibility {
  /** It changes desired state and {@link Action#undo} restores it (env, replicas, resources). */
  REVERSIBLE,
  /**
   * It changes no desired state, so there is nothing to take back: the system converges to the
   * same spec (a rollout restart, an eviction, ending a session).
   */
  TRANSIENT,
  /** It cannot be taken back (an instance resize): it needs a human's approval first. */
  PERMANENT
}

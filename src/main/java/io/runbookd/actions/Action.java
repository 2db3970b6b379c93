package io.runbookd.actions;

import io.runbookd.plugin.Plugin;
import java.time.Instant;

/**
 * A remediation step. Contract:
 *
 * <ul>
 *   <li>it changes state only in {@link #execute}, which the engine calls only after every
 *       guard allowed it, and never in dry-run or observe mode;
 *   <li>it is idempotent: executing it twice leaves the target as executing it once would
 *       (set a value, not add to it), or reports {@link Outcome.Status#NOT_NEEDED};
 *   <li>it names the one target it touches, so locks and rate limits can key on it;
 *   <li>{@link #recheck} only reads: after a crash between start and recorded outcome, the
 *       engine asks it whether the change is in place instead of running it again blindly.
 * </ul>
 *
 * @param <P> the action's parameters record
 */
public interface Action<P> extends Plugin<P> {

  Target target(P params);

  /** One line saying what {@link #execute} would change, for plans and dry-run records. */
  String describe(P params);

  /** Makes the change. Blocking; runs on a worker pool behind the target system's bulkhead. */
  Outcome execute(P params) throws Exception;

  /**
   * Reads the target to tell whether a change started at {@code startedAt} is in place:
   * {@code DONE} if it is, {@code NOT_NEEDED} if the target no longer needs it, {@code UNKNOWN}
   * if the state cannot tell (the engine then escalates rather than guess).
   */
  Outcome recheck(P params, Instant startedAt) throws Exception;

  /** Whether a failed call may be repeated at once (true only for pure "set to" changes). */
  boolean retrySafe();

  /**
   * What kind of change this is. The default is the safe assumption, {@code PERMANENT}: such
   * actions wait for a human's approval unless the rule explicitly says otherwise.
   */
  default Reversibility reversibility() {
    return Reversibility.PERMANENT;
  }

  /**
   * For a {@code REVERSIBLE} action: how to take back what {@code done} (a {@code DONE} outcome
   * of {@link #execute}, with its data) changed; empty when nothing needs taking back.
   */
  default java.util.Optional<Undo> undo(P params, Outcome done) {
    return java.util.Optional.empty();
  }

  /**
   * For a {@code REVERSIBLE} action, read just before {@link #execute}: the state it is about to
   * change, as the data its {@code DONE} outcome would carry, so that {@link #undo} can be worked
   * out and stored with the step before the change is made (a crash between the change and its
   * recorded outcome must not lose the way back). Only reads; empty when nothing would change.
   */
  default java.util.Optional<java.util.Map<String, Object>> snapshot(P params) throws Exception {
    return java.util.Optional.empty();
  }
}

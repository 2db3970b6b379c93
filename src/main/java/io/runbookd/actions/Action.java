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
}

package io.runbookd.guard;

import java.util.Objects;

/**
 * A guard's answer. {@code PLAN} means "record what would be done, send nothing" (dry-run);
 * {@code BLOCK} names the guard and the reason, both recorded in the timeline and in {@code
 * runbookd_guard_blocks_total{guard}}.
 */
public record Decision(Verdict verdict, String guard, String reason) {

  /** What may happen to the step. */
  public enum Verdict {
    ALLOW,
    PLAN,
    /** Not without a human: the step waits for approval. */
    HOLD,
    BLOCK
  }

  public Decision {
    Objects.requireNonNull(verdict);
    Objects.requireNonNull(guard);
    Objects.requireNonNull(reason);
  }

  public static Decision allow(String guard, String reason) {
    return new Decision(Verdict.ALLOW, guard, reason);
  }

  public static Decision plan(String guard, String reason) {
    return new Decision(Verdict.PLAN, guard, reason);
  }

  public static Decision hold(String guard, String reason) {
    return new Decision(Verdict.HOLD, guard, reason);
  }

  public static Decision block(String guard, String reason) {
    return new Decision(Verdict.BLOCK, guard, reason);
  }
}

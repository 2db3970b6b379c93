package io.runbookd.engine;

import io.runbookd.rules.Escalation.Trigger;
import java.time.Instant;
import java.util.Optional;

/** One remediation step's effect on the sequence: counted, stopped, or waiting. */
record StepOutcome(boolean executed, boolean planned, Optional<Stop> stop, Optional<Instant> waitUntil,
    boolean approval) {
  static final StepOutcome NOTHING = new StepOutcome(false, false, Optional.empty(), Optional.empty(), false);

  /** What a recorded, finished step means for the steps after it. */
  static StepOutcome of(StepState state, String detail) {
    return switch (state) {
      case DONE -> new StepOutcome(true, false, Optional.empty(), Optional.empty(), false);
      case PLANNED -> new StepOutcome(false, true, Optional.empty(), Optional.empty(), false);
      case BLOCKED -> stop(Trigger.ACTION_BLOCKED, detail);
      case FAILED, RETRY_LATER -> stop(Trigger.ACTION_FAILED, detail);
      case UNKNOWN -> stop(Trigger.OUTCOME_UNKNOWN, detail);
      case NOT_NEEDED, SKIPPED, STARTED, NOT_APPLIED -> NOTHING;
    };
  }

  static StepOutcome stop(Trigger trigger, String reason) {
    return new StepOutcome(false, false, Optional.of(new Stop(trigger, reason)), Optional.empty(), false);
  }

  static StepOutcome waitUntil(Instant until, boolean approval) {
    return new StepOutcome(false, false, Optional.empty(), Optional.of(until), approval);
  }
}

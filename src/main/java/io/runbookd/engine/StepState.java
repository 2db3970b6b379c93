package io.runbookd.engine;

import io.runbookd.actions.Outcome;
import java.util.Locale;
import java.util.Optional;

/** Where a remediation step stands, as its record in the store says; the wire form is lower case. */
enum StepState {
  STARTED,
  DONE,
  NOT_NEEDED,
  PLANNED,
  SKIPPED,
  BLOCKED,
  FAILED,
  RETRY_LATER,
  UNKNOWN,
  NOT_APPLIED;

  static Optional<StepState> parse(String text) {
    try {
      return Optional.of(valueOf(text.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static StepState of(Outcome.Status status) {
    return valueOf(status.name());
  }
}

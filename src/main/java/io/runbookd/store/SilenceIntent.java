package io.runbookd.store;

import java.time.Instant;

/**
 * A silence to record before it is created: for which incident, in which Alertmanager, matching
 * what, until when, and whether it is really created ({@code creating}) or dry-run ({@code
 * planned}).
 */
public record SilenceIntent(
    String incidentId,
    String alertmanager,
    String matchersHash,
    String matchers,
    Instant endsAt,
    SilenceRow.State state) {
  public SilenceIntent {
    if (state != SilenceRow.State.CREATING && state != SilenceRow.State.PLANNED) {
      throw new IllegalArgumentException("a new silence is creating or planned, not " + state.wire());
    }
  }
}

package io.runbookd.rules;

import io.runbookd.schedule.Schedule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What starts a runbook: alerts ({@code match}), the clock ({@code schedule}), a person ({@code
 * manual}), or several of these; at least one.
 *
 * @param match which alerts start it; empty for a runbook that no alert starts
 * @param schedules when it runs by the clock, each with its time zone and window; a slot is run
 *     once, keyed by the rule id and the slot's start (so two schedules of one rule that start at
 *     the same instant are one run)
 * @param manual its parameters, when a person may start it (with none: {@link ManualParams#none()})
 */
public record Triggers(
    Optional<Criteria> match, List<Schedule> schedules, Optional<ManualParams> manual) {

  public Triggers {
    Objects.requireNonNull(match, "match");
    schedules = List.copyOf(schedules);
    Objects.requireNonNull(manual, "manual");
    if (match.isEmpty() && schedules.isEmpty() && manual.isEmpty()) {
      throw new IllegalArgumentException("a runbook has at least one trigger");
    }
  }

  /** Only alerts start the runbook. */
  public static Triggers alerts(Criteria match) {
    return new Triggers(Optional.of(match), List.of(), Optional.empty());
  }

  public boolean alertDriven() {
    return match.isPresent();
  }

  public boolean scheduled() {
    return !schedules.isEmpty();
  }

  public boolean startedByHand() {
    return manual.isPresent();
  }
}

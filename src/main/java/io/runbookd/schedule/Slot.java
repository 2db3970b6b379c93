package io.runbookd.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;

/**
 * One occurrence of a schedule and its window, {@code [start, end)}.
 *
 * <p>The slot's identity is its {@link #start()} instant ({@link #id()} in UTC): a store that runs
 * each slot once keys on it, so replicas and restarts agree on which slot is which whatever their
 * clocks' zones.
 *
 * @param start when the window opens
 * @param end when it closes: start plus the schedule's window
 * @param scheduled the local date and time the cron expression names, in the schedule's zone
 * @param shifted true when that local time did not exist (the clocks jumped over it, as on the day
 *     daylight saving time starts): the slot then starts at the first instant after it, the moment
 *     of the jump
 */
public record Slot(Instant start, Instant end, LocalDateTime scheduled, boolean shifted) {

  public Slot {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(scheduled, "scheduled");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a slot ends after it starts");
    }
  }

  /**
   * The slot at the local time {@code scheduled} in {@code zone}. A local time the clocks skipped
   * starts at the end of the gap; a local time that happened twice (the clocks went back) starts at
   * its first occurrence, the earlier offset, and only then: the slot runs once.
   */
  static Slot at(LocalDateTime scheduled, ZoneId zone, Duration window) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(scheduled);
    boolean gap = transition != null && transition.isGap();
    Instant start =
        gap ? transition.getInstant() : ZonedDateTime.ofLocal(scheduled, zone, null).toInstant();
    return new Slot(start, start.plus(window), scheduled, gap);
  }

  /** The slot's identity: its start in UTC, ISO-8601, e.g. {@code 2024-03-31T01:00:00Z}. */
  public String id() {
    return start.toString();
  }

  /** Whether {@code instant} is within the window: from its start, before its end. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  /**
   * Whether the window has closed at {@code now}: a slot missed while nothing ran may still run
   * late while its window is open, and is recorded as missed once it has closed.
   */
  public boolean closedAt(Instant now) {
    return !now.isBefore(end);
  }

  public Duration window() {
    return Duration.between(start, end);
  }
}

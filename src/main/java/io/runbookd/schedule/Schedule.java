package io.runbookd.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a runbook runs by the clock: a cron expression ({@link CronParser} has the syntax), the IANA
 * time zone its times are read in, and a window, how long after its start a slot may still run.
 * "Sunday 02:00-04:00 UTC" is {@code Schedule.of("0 2 * * SUN", "UTC", Duration.ofHours(2))}.
 *
 * <p>Pure: every method takes the instant it is about and never reads a clock. Daylight saving
 * time: a local time the clocks skip runs at the first instant after it (the moment of the jump),
 * and a local time that happens twice runs once, at its first occurrence. Slots start on whole
 * minutes; the windows of two slots never overlap except, by at most the size of the jump, on a day
 * the clocks change.
 */
public final class Schedule {

  public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
  public static final Duration MAX_WINDOW = Duration.ofDays(31);

  // How far ahead a slot is looked for: the rarest expressions (MON#5 FEB) recur within 40 years.
  private static final int HORIZON_YEARS = 50;
  // The window is checked against the gaps between this many slots, over at most 30 years
  // from 2000 (a leap year; 28 years bring back every weekday and leap-year alignment).
  private static final int GAP_SAMPLE = 1000;
  private static final Instant GAP_SAMPLE_FROM = Instant.parse("1999-12-31T23:59:00Z");
  private static final Instant GAP_SAMPLE_TO = Instant.parse("2030-01-01T00:00:00Z");

  private final Cron cron;
  private final ZoneId zone;
  private final Duration window;

  private Schedule(Cron cron, ZoneId zone, Duration window) {
    this.cron = cron;
    this.zone = zone;
    this.window = window;
  }

  /**
   * A schedule, or an {@link InvalidScheduleException} whose message names the part at fault: the
   * cron field, {@code timezone:} or {@code window:}.
   */
  public static Schedule of(String cron, String timezone, Duration window) {
    Cron parsed = Cron.parse(cron);
    ZoneId zone = zone(timezone);
    Objects.requireNonNull(window, "window");
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new InvalidScheduleException(
          InvalidScheduleException.Part.WINDOW,
          "window: must be between 1m and 31d, got " + Words.duration(window));
    }
    Schedule schedule = new Schedule(parsed, zone, window);
    schedule.checkWindowFitsBetweenSlots();
    return schedule;
  }

  private static ZoneId zone(String id) {
    if (id == null || !ZoneId.getAvailableZoneIds().contains(id)) {
      throw new InvalidScheduleException(
          InvalidScheduleException.Part.TIMEZONE,
          "timezone: '" + id + "' is not an IANA time zone id, such as UTC or Europe/Paris");
    }
    return ZoneId.of(id);
  }

  /** The cron expression as written. */
  public String cron() {
    return cron.source();
  }

  public ZoneId zone() {
    return zone;
  }

  public Duration window() {
    return window;
  }

  /** The first slot that starts strictly after {@code instant}. */
  public Optional<Slot> nextAfter(Instant instant) {
    return nextAfter(instant, zone);
  }

  /**
   * The slot whose window contains {@code instant} ({@code start <= instant < end}), if any; on a
   * day the clocks change and two windows overlap, the later one.
   */
  public Optional<Slot> slotAt(Instant instant) {
    List<Slot> open = slotsBetween(instant.minus(window), instant, 3);
    return open.isEmpty() ? Optional.empty() : Optional.of(open.get(open.size() - 1));
  }

  /**
   * The slots that start after {@code from} and at or before {@code to}, in order, at most {@code
   * limit} of them (the first ones): what a scheduler that last looked at {@code from} has to
   * consider at {@code to}.
   */
  public List<Slot> slotsBetween(Instant from, Instant to, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    List<Slot> out = new ArrayList<>();
    Optional<Slot> next = nextAfter(from);
    while (next.isPresent() && !next.get().start().isAfter(to) && out.size() < limit) {
      out.add(next.get());
      next = nextAfter(next.get().start());
    }
    return out;
  }

  /**
   * The schedule in words, e.g. "every Sunday at 02:00 UTC, for 2 hours" or "the first Monday of
   * each month at 09:00 Europe/Paris, for 4 hours".
   */
  public String describe() {
    return Words.describe(cron, zone, window);
  }

  private Optional<Slot> nextAfter(Instant instant, ZoneId in) {
    LocalDateTime local = LocalDateTime.ofInstant(instant, in);
    LocalDate day = local.toLocalDate();
    LocalDate horizon = day.plusYears(HORIZON_YEARS);
    // Local times earlier on the first day map to instants at or before `instant`, even around
    // a change of the clocks: local time to instant never goes backwards here (see Slot.at).
    LocalTime from = local.toLocalTime();
    while (!day.isAfter(horizon)) {
      if (!cron.monthMatches(day.getMonthValue())) {
        day = day.withDayOfMonth(1).plusMonths(1);
        from = LocalTime.MIN;
        continue;
      }
      if (cron.dayMatches(day)) {
        Optional<Slot> slot = firstOn(day, from, instant, in);
        if (slot.isPresent()) {
          return slot;
        }
      }
      day = day.plusDays(1);
      from = LocalTime.MIN;
    }
    return Optional.empty();
  }

  private Optional<Slot> firstOn(LocalDate day, LocalTime from, Instant after, ZoneId in) {
    for (int hour : Cron.values(cron.hours())) {
      if (hour < from.getHour()) {
        continue;
      }
      for (int minute : Cron.values(cron.minutes())) {
        LocalTime time = LocalTime.of(hour, minute);
        if (time.isBefore(from.withSecond(0).withNano(0))) {
          continue;
        }
        Slot slot = Slot.at(day.atTime(time), in, window);
        if (slot.start().isAfter(after)) {
          return Optional.of(slot);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Refuses a window longer than the time between two slots, as in "every 15 minutes, for 2 hours":
   * every slot would still be open when the next one starts. Measured on the slots from the year
   * 2000 in UTC, which has no clock changes.
   */
  private void checkWindowFitsBetweenSlots() {
    Optional<Slot> previous = nextAfter(GAP_SAMPLE_FROM, ZoneOffset.UTC);
    for (int i = 0;
        i < GAP_SAMPLE && previous.isPresent() && previous.get().start().isBefore(GAP_SAMPLE_TO);
        i++) {
      Optional<Slot> next = nextAfter(previous.get().start(), ZoneOffset.UTC);
      if (next.isEmpty()) {
        return;
      }
      Duration gap = Duration.between(previous.get().start(), next.get().start());
      if (window.compareTo(gap) > 0) {
        throw new InvalidScheduleException(
            InvalidScheduleException.Part.WINDOW,
            "window: "
                + Words.duration(window)
                + " is longer than the "
                + Words.duration(gap)
                + " between two runs; each window must close before the next run starts");
      }
      previous = next;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Schedule that
        && cron.source().equals(that.cron.source())
        && zone.equals(that.zone)
        && window.equals(that.window);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cron.source(), zone, window);
  }

  @Override
  public String toString() {
    return "cron '" + cron.source() + "' in " + zone.getId() + ", window " + Words.duration(window);
  }
}

package io.runbookd.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Slots of schedules at fixed instants: no clock is read, nothing sleeps. */
class ScheduleSlotsTest {

  private static final Schedule WEEKLY = Schedule.of("0 2 * * SUN", "UTC", Duration.ofHours(2));
  private static final Schedule FIRST_MONDAY =
      Schedule.of("0 9 * * MON#1", "Europe/Paris", Duration.ofHours(4));

  @Test
  void nextSlotStartsStrictlyAfterTheInstant() {
    Slot fromWednesday = WEEKLY.nextAfter(at("2024-01-10T12:00:00Z")).orElseThrow();
    Slot fromItsStart = WEEKLY.nextAfter(at("2024-01-14T02:00:00Z")).orElseThrow();
    Slot fromJustBefore = WEEKLY.nextAfter(at("2024-01-14T01:59:59.999Z")).orElseThrow();

    assertThat(fromWednesday.start()).isEqualTo(at("2024-01-14T02:00:00Z"));
    assertThat(fromWednesday.end()).isEqualTo(at("2024-01-14T04:00:00Z"));
    assertThat(fromWednesday.id()).isEqualTo("2024-01-14T02:00:00Z");
    assertThat(fromWednesday.shifted()).isFalse();
    assertThat(fromItsStart.start()).isEqualTo(at("2024-01-21T02:00:00Z"));
    assertThat(fromJustBefore).isEqualTo(fromWednesday);
  }

  @Test
  void slotAtFindsTheWindowContainingTheInstant() {
    assertThat(WEEKLY.slotAt(at("2024-01-14T02:00:00Z")).map(Slot::id))
        .contains("2024-01-14T02:00:00Z");
    assertThat(WEEKLY.slotAt(at("2024-01-14T03:59:59Z")).map(Slot::id))
        .contains("2024-01-14T02:00:00Z");
    assertThat(WEEKLY.slotAt(at("2024-01-14T04:00:00Z"))).isEmpty();
    assertThat(WEEKLY.slotAt(at("2024-01-14T01:59:59Z"))).isEmpty();
  }

  @Test
  void aMissedSlotRunsLateWhileItsWindowIsOpen() {
    Instant down = at("2024-01-13T20:00:00Z");
    Instant backInTime = at("2024-01-14T03:00:00Z");

    List<Slot> missed = WEEKLY.slotsBetween(down, backInTime, 10);

    assertThat(missed).extracting(Slot::id).containsExactly("2024-01-14T02:00:00Z");
    assertThat(missed.get(0).closedAt(backInTime)).isFalse();
    assertThat(WEEKLY.slotAt(backInTime)).contains(missed.get(0));
  }

  @Test
  void aMissedSlotWhoseWindowClosedIsMissed() {
    Instant down = at("2024-01-13T20:00:00Z");
    Instant backTooLate = at("2024-01-14T04:00:00Z");

    List<Slot> missed = WEEKLY.slotsBetween(down, backTooLate, 10);

    assertThat(missed).extracting(Slot::id).containsExactly("2024-01-14T02:00:00Z");
    assertThat(missed.get(0).closedAt(backTooLate)).isTrue();
    assertThat(WEEKLY.slotAt(backTooLate)).isEmpty();
  }

  @Test
  void slotsBetweenAreBoundedAndHalfOpen() {
    Instant from = at("2024-01-07T02:00:00Z");
    Instant to = at("2024-02-04T02:00:00Z");

    assertThat(WEEKLY.slotsBetween(from, to, 10))
        .extracting(Slot::id)
        .containsExactly(
            "2024-01-14T02:00:00Z",
            "2024-01-21T02:00:00Z",
            "2024-01-28T02:00:00Z",
            "2024-02-04T02:00:00Z");
    assertThat(WEEKLY.slotsBetween(from, to, 2)).hasSize(2);
    assertThatThrownBy(() -> WEEKLY.slotsBetween(from, to, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firstMondayOfEachMonthInParis() {
    List<Slot> slots =
        FIRST_MONDAY.slotsBetween(at("2024-01-01T00:00:00Z"), at("2024-05-01T00:00:00Z"), 10);

    // 09:00 CET is 08:00 UTC; from 31 March, 09:00 CEST is 07:00 UTC.
    assertThat(slots)
        .extracting(Slot::id)
        .containsExactly(
            "2024-01-01T08:00:00Z",
            "2024-02-05T08:00:00Z",
            "2024-03-04T08:00:00Z",
            "2024-04-01T07:00:00Z");
    assertThat(slots.get(3).scheduled()).isEqualTo(LocalDateTime.parse("2024-04-01T09:00"));
  }

  @Test
  void firstMondayAcrossTheYearEnd() {
    Slot next = FIRST_MONDAY.nextAfter(at("2024-12-02T08:00:00Z")).orElseThrow();

    assertThat(next.id()).isEqualTo("2025-01-06T08:00:00Z");
  }

  @Test
  void februaryTheTwentyNinthWaitsForALeapYear() {
    Schedule leapDay = Schedule.of("0 12 29 FEB *", "UTC", Duration.ofHours(1));

    assertThat(leapDay.nextAfter(at("2025-01-01T00:00:00Z")).map(Slot::id))
        .contains("2028-02-29T12:00:00Z");
    assertThat(leapDay.nextAfter(at("2024-02-29T12:00:00Z")).map(Slot::id))
        .contains("2028-02-29T12:00:00Z");
  }

  @Test
  void lastDayOfFebruaryFollowsLeapYears() {
    Schedule lastDay = Schedule.of("0 0 L FEB *", "UTC", Duration.ofHours(1));

    assertThat(lastDay.slotsBetween(at("2024-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"), 5))
        .extracting(Slot::id)
        .containsExactly("2024-02-29T00:00:00Z", "2025-02-28T00:00:00Z");
  }

  @Test
  void timesAreReadInTheSchedulesZone() {
    Schedule tokyo = Schedule.of("0 2 * * SUN", "Asia/Tokyo", Duration.ofHours(2));

    // Sunday 02:00 in Tokyo (UTC+9) is Saturday 17:00 UTC.
    assertThat(tokyo.nextAfter(at("2024-01-10T00:00:00Z")).map(Slot::id))
        .contains("2024-01-13T17:00:00Z");
  }

  @Test
  void refusesWindowsThatDoNotFit() {
    assertThatThrownBy(() -> Schedule.of("*/15 * * * *", "UTC", Duration.ofHours(2)))
        .hasMessage(
            "window: 2h is longer than the 15m between two runs;"
                + " each window must close before the next run starts");
    assertThatThrownBy(() -> Schedule.of("0 0 1,L * *", "UTC", Duration.ofHours(25)))
        .hasMessage(
            "window: 1d1h is longer than the 1d between two runs;"
                + " each window must close before the next run starts");
    assertThatThrownBy(() -> Schedule.of("0 2 * * SUN", "UTC", Duration.ofDays(40)))
        .hasMessage("window: must be between 1m and 31d, got 40d");
    assertThatThrownBy(() -> Schedule.of("0 2 * * SUN", "UTC", Duration.ofSeconds(30)))
        .hasMessage("window: must be between 1m and 31d, got 30s");
  }

  @Test
  void refusesZonesThatAreNotIanaIds() {
    assertThatThrownBy(() -> Schedule.of("0 2 * * SUN", "Europe/Pari", Duration.ofHours(2)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage(
            "timezone: 'Europe/Pari' is not an IANA time zone id, such as UTC or Europe/Paris");
    assertThatThrownBy(() -> Schedule.of("0 2 * * SUN", "+02:00", Duration.ofHours(2)))
        .hasMessageStartingWith("timezone: '+02:00' is not an IANA time zone id");
  }

  @Test
  void equalWhenWrittenAlike() {
    assertThat(Schedule.of("0 2 * * SUN", "UTC", Duration.ofHours(2))).isEqualTo(WEEKLY);
    assertThat(WEEKLY.toString()).isEqualTo("cron '0 2 * * SUN' in UTC, window 2h");
  }

  static Instant at(String text) {
    return Instant.parse(text);
  }
}

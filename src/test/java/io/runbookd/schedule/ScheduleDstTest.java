package io.runbookd.schedule;

import static io.runbookd.schedule.ScheduleSlotsTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/**
 * Daylight saving time. Europe/Paris in 2024: 02:00 CET became 03:00 CEST on 31 March (01:00 UTC),
 * 03:00 CEST became 02:00 CET on 27 October (01:00 UTC). America/New_York in 2024: 02:00 EST became
 * 03:00 EDT on 10 March (07:00 UTC), 02:00 EDT became 01:00 EST on 3 November (06:00 UTC).
 */
class ScheduleDstTest {

  private static final Schedule PARIS =
      Schedule.of("30 2 * * *", "Europe/Paris", Duration.ofHours(1));
  private static final Schedule NEW_YORK_0230 =
      Schedule.of("30 2 * * *", "America/New_York", Duration.ofHours(1));
  private static final Schedule NEW_YORK_0130 =
      Schedule.of("30 1 * * *", "America/New_York", Duration.ofHours(1));

  @Test
  void aSkippedLocalTimeRunsAtTheJump() {
    var slots = PARIS.slotsBetween(at("2024-03-30T00:00:00Z"), at("2024-04-02T00:00:00Z"), 10);

    assertThat(slots)
        .extracting(Slot::id)
        .containsExactly("2024-03-30T01:30:00Z", "2024-03-31T01:00:00Z", "2024-04-01T00:30:00Z");
    Slot skipped = slots.get(1);
    assertThat(skipped.shifted()).isTrue();
    assertThat(skipped.scheduled()).isEqualTo(LocalDateTime.parse("2024-03-31T02:30"));
    assertThat(skipped.end()).isEqualTo(at("2024-03-31T02:00:00Z"));
    assertThat(slots.get(0).shifted()).isFalse();
  }

  @Test
  void slotsInsideTheSameGapRunOnce() {
    Schedule halfHourly = Schedule.of("0,30 2 * * *", "Europe/Paris", Duration.ofMinutes(30));

    var slots = halfHourly.slotsBetween(at("2024-03-30T23:00:00Z"), at("2024-03-31T23:00:00Z"), 10);

    assertThat(slots).extracting(Slot::id).containsExactly("2024-03-31T01:00:00Z");
  }

  @Test
  void aRepeatedLocalTimeRunsOnceAtItsFirstOccurrence() {
    var slots = PARIS.slotsBetween(at("2024-10-26T12:00:00Z"), at("2024-10-28T12:00:00Z"), 10);

    // 02:30 CEST (00:30 UTC) runs; 02:30 CET (01:30 UTC), an hour later, does not.
    assertThat(slots)
        .extracting(Slot::id)
        .containsExactly("2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z");
    assertThat(PARIS.nextAfter(at("2024-10-27T00:30:00Z")).map(Slot::id))
        .contains("2024-10-28T01:30:00Z");
  }

  @Test
  void newYorkSpringGap() {
    var slots =
        NEW_YORK_0230.slotsBetween(at("2024-03-09T00:00:00Z"), at("2024-03-12T00:00:00Z"), 10);

    assertThat(slots)
        .extracting(Slot::id)
        .containsExactly("2024-03-09T07:30:00Z", "2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z");
    assertThat(slots.get(1).shifted()).isTrue();
  }

  @Test
  void newYorkAutumnOverlap() {
    var slots =
        NEW_YORK_0130.slotsBetween(at("2024-11-02T00:00:00Z"), at("2024-11-05T00:00:00Z"), 10);

    assertThat(slots)
        .extracting(Slot::id)
        .containsExactly("2024-11-02T05:30:00Z", "2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z");
    assertThat(NEW_YORK_0130.slotAt(at("2024-11-03T06:15:00Z")).map(Slot::id))
        .contains("2024-11-03T05:30:00Z");
    assertThat(NEW_YORK_0130.slotAt(at("2024-11-03T06:45:00Z"))).isEmpty();
  }

  @Test
  void frequentSlotsSkipTheRepeatedHour() {
    Schedule quarterly = Schedule.of("*/15 * * * *", "America/New_York", Duration.ofMinutes(15));

    // 01:45 EDT (05:45 UTC), then 01:00-01:45 EST happen a second time and do not run again.
    assertThat(quarterly.nextAfter(at("2024-11-03T05:45:00Z")).map(Slot::id))
        .contains("2024-11-03T07:00:00Z");
    assertThat(quarterly.slotAt(at("2024-11-03T06:20:00Z"))).isEmpty();
  }

  @Test
  void aWindowOpenAcrossTheJumpStillContainsIt() {
    assertThat(PARIS.slotAt(at("2024-03-31T01:30:00Z")).map(Slot::id))
        .contains("2024-03-31T01:00:00Z");
  }
}

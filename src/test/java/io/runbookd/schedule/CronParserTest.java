package io.runbookd.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cron syntax runbookd accepts, and the messages for what it refuses, each naming a field. */
class CronParserTest {

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''             | empty cron expression; expected 5 fields: minute hour day-of-month month day-of-week
          0 2 * *        | expected 5 fields (minute hour day-of-month month day-of-week), got 4 in '0 2 * *'
          @weekly        | '@weekly': shortcuts such as @weekly are not supported; write the 5 fields: minute hour day-of-month month day-of-week
          60 2 * * *     | minute: 60 is out of range 0-59
          0 24 * * *     | hour: 24 is out of range 0-23
          0 2 0 * *      | day-of-month: 0 is out of range 1-31
          0 2 * 13 *     | month: 13 is out of range 1-12 or JAN-DEC
          0 2 * * 8      | day-of-week: 8 is out of range 0-7 or SUN-SAT
          0 2 * * SUNDAY | day-of-week: 'SUNDAY' is not a value; accepts 0-7 or SUN-SAT
          0 2 * * FRIL   | day-of-week: 'FRIL' is not a value; accepts 0-7 or SUN-SAT (L, the last day of the month, is only for day-of-month and stands alone)
          0 2 * * MON#6  | day-of-week: 'MON#6': the occurrence after # must be 1 to 5 (MON#1 is the first Monday of the month)
          0 2 * * FRI-MON | day-of-week: 'FRI-MON': the range goes backwards (no wrap-around)
          */0 * * * *    | minute: '*/0': the step must be a whole number from 1
          */60 * * * *   | minute: '*/60': the step 60 is longer than the range it divides
          5/15 * * * *   | minute: '5/15': a step needs a range, e.g. 5-59/15 or */15
          0 2 1, * *     | day-of-month: '1,': empty item in the list
          0 2 ? * MON    | day-of-month: '?' is not supported; write '*'
          0 2 L-1 * *    | day-of-month: 'L' is not a value; accepts 1-31 (L, the last day of the month, is only for day-of-month and stands alone)
          0 9 1-7 * MON  | day-of-month '1-7' and day-of-week 'MON' are both restricted; restrict one and leave the other '*' (e.g. 0 9 * * MON#1 for the first Monday of the month)
          0 0 30 FEB *   | day-of-month '30' never falls in month 'FEB': it would never run
          0 0 31 APR,JUN * | day-of-month '31' never falls in month 'APR,JUN': it would never run
          """)
  void refusesWithAMessageNamingTheField(String expression, String message) {
    assertThatThrownBy(() -> Cron.parse(expression))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage(message);
  }

  @Test
  void readsNamesRangesListsAndSteps() {
    Cron cron = Cron.parse("0,30 9-17/4 * jan-MAR,oct mon-fri");

    assertThat(Cron.values(cron.minutes())).containsExactly(0, 30);
    assertThat(Cron.values(cron.hours())).containsExactly(9, 13, 17);
    assertThat(Cron.values(cron.months())).containsExactly(1, 2, 3, 10);
    assertThat(Cron.values(cron.weekdays())).containsExactly(1, 2, 3, 4, 5);
    assertThat(cron.byDayOfWeek()).isTrue();
    assertThat(cron.byDayOfMonth()).isFalse();
  }

  @Test
  void sundayIsZeroOrSeven() {
    assertThat(Cron.values(Cron.parse("0 0 * * 7").weekdays())).containsExactly(0);
    assertThat(Cron.values(Cron.parse("0 0 * * 5-7").weekdays())).containsExactly(0, 5, 6);
    assertThat(Cron.values(Cron.parse("0 0 * * FRI-SUN").weekdays())).containsExactly(0, 5, 6);
    assertThat(Cron.values(Cron.parse("0 0 * * SUN-TUE").weekdays())).containsExactly(0, 1, 2);
    assertThat(Cron.values(Cron.parse("0 0 * * */2").weekdays())).containsExactly(0, 2, 4, 6);
  }

  @Test
  void oneDayFieldDecides() {
    Cron firstMonday = Cron.parse("0 9 * * MON#1");
    Cron lastDay = Cron.parse("0 0 L * *");
    Cron everyDay = Cron.parse("0 0 * * *");

    assertThat(firstMonday.dayMatches(LocalDate.of(2024, 4, 1))).isTrue();
    assertThat(firstMonday.dayMatches(LocalDate.of(2024, 4, 8))).isFalse();
    assertThat(firstMonday.dayMatches(LocalDate.of(2024, 4, 2))).isFalse();
    assertThat(lastDay.dayMatches(LocalDate.of(2024, 2, 29))).isTrue();
    assertThat(lastDay.dayMatches(LocalDate.of(2023, 2, 28))).isTrue();
    assertThat(lastDay.dayMatches(LocalDate.of(2024, 2, 28))).isFalse();
    assertThat(everyDay.dayMatches(LocalDate.of(2024, 2, 28))).isTrue();
  }

  @Test
  void aDayOfMonthOnlySomeMonthsHaveIsAccepted() {
    assertThat(Cron.values(Cron.parse("0 0 31 JAN,APR *").daysOfMonth())).containsExactly(31);
    assertThat(Cron.values(Cron.parse("0 0 29 FEB *").daysOfMonth())).containsExactly(29);
  }
}

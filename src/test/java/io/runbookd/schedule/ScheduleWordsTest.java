package io.runbookd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedules in words, as listings and timelines show them. */
class ScheduleWordsTest {

  @ParameterizedTest(name = "[{0}] {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0 2 * * SUN        | UTC          | 2h   | every Sunday at 02:00 UTC, for 2 hours
          0 9 * * MON#1      | Europe/Paris | 4h   | the first Monday of each month at 09:00 Europe/Paris, for 4 hours
          */15 * * * *       | UTC          | 10m  | every 15 minutes (UTC), for 10 minutes
          * * * * *          | UTC          | 1m   | every minute (UTC), for 1 minute
          0 * * * SAT        | UTC          | 30m  | every hour, every Saturday (UTC), for 30 minutes
          5 * * * *          | UTC          | 30m  | every hour at minute 5 (UTC), for 30 minutes
          0 6 * * MON-FRI    | UTC          | 90m  | every Monday to Friday at 06:00 UTC, for 1 hour 30 minutes
          0 3 * * FRI-SUN    | UTC          | 1h   | every Friday to Sunday at 03:00 UTC, for 1 hour
          0 3 * * SAT,SUN    | UTC          | 1h   | every Saturday and Sunday at 03:00 UTC, for 1 hour
          0 0 1,L * *        | UTC          | 1h   | day 1 and the last day of each month at 00:00 UTC, for 1 hour
          0 0 1,15 * *       | UTC          | 1h   | days 1 and 15 of each month at 00:00 UTC, for 1 hour
          30 4 29 FEB *      | UTC          | 30m  | day 29 of February at 04:30 UTC, for 30 minutes
          0 8,20 * JUN-AUG * | UTC          | 1h   | every day in June to August at 08:00 and 20:00 UTC, for 1 hour
          0 */6 * * *        | UTC          | 1h   | every day at 00:00, 06:00, 12:00 and 18:00 UTC, for 1 hour
          0 9 * * MON#1,MON#3 | UTC         | 1h   | the first and third Monday of each month at 09:00 UTC, for 1 hour
          0 9 * JAN,JUL MON#1,FRI#2 | UTC   | 1h   | the first Monday and the second Friday of January and July at 09:00 UTC, for 1 hour
          0,30 9-17 * * *    | UTC          | 30m  | every day at minutes 0 and 30 past hours 9 to 17 UTC, for 30 minutes
          0 2 * * SUN        | UTC          | 1d   | every Sunday at 02:00 UTC, for 1 day
          """)
  void describesTheScheduleInWords(String cron, String zone, String window, String words) {
    Schedule schedule = Schedule.of(cron, zone, duration(window));

    assertThat(schedule.describe()).isEqualTo(words);
  }

  private static Duration duration(String text) {
    long amount = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 'd' -> Duration.ofDays(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> Duration.ofMinutes(amount);
    };
  }
}

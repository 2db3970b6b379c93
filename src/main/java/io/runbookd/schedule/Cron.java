package io.runbookd.schedule;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed five-field cron expression: minute, hour, day-of-month, month, day-of-week, each a set
 * of values held as a bit mask. Days are chosen by day-of-month <em>or</em> by day-of-week, never
 * by both: the parser refuses an expression that restricts both, so a day matches when its month
 * matches and the one restricted day field (if any) matches.
 *
 * @param source the expression as written
 * @param minutes bit {@code m} set for each minute 0-59 of the expression
 * @param hours bit {@code h} set for each hour 0-23
 * @param daysOfMonth bit {@code d} set for each day 1-31
 * @param lastDayOfMonth whether {@code L} (the month's last day) is in the day-of-month field
 * @param months bit {@code m} set for each month 1-12
 * @param weekdays bit {@code d} set for each weekday, 0 Sunday to 6 Saturday
 * @param nthWeekdays bit {@code 5 * weekday + (n - 1)} set for each {@code weekday#n}
 * @param byDayOfMonth whether the day-of-month field is restricted (not {@code *})
 * @param byDayOfWeek whether the day-of-week field is restricted (not {@code *})
 */
record Cron(
    String source,
    long minutes,
    long hours,
    long daysOfMonth,
    boolean lastDayOfMonth,
    long months,
    long weekdays,
    long nthWeekdays,
    boolean byDayOfMonth,
    boolean byDayOfWeek) {

  static final int MAX_NTH = 5;

  /** Parses {@code expression}; see {@link CronParser} for the syntax. */
  static Cron parse(String expression) {
    return CronParser.parse(expression);
  }

  boolean monthMatches(int month) {
    return has(months, month);
  }

  /** Whether the schedule runs on {@code day} (at one of its times). */
  boolean dayMatches(LocalDate day) {
    if (!monthMatches(day.getMonthValue())) {
      return false;
    }
    if (byDayOfMonth) {
      int dom = day.getDayOfMonth();
      return has(daysOfMonth, dom) || (lastDayOfMonth && dom == day.lengthOfMonth());
    }
    if (byDayOfWeek) {
      int weekday = day.getDayOfWeek().getValue() % 7;
      int nth = (day.getDayOfMonth() - 1) / 7 + 1;
      return has(weekdays, weekday) || has(nthWeekdays, MAX_NTH * weekday + nth - 1);
    }
    return true;
  }

  /** The values of a mask in ascending order. */
  static List<Integer> values(long mask) {
    List<Integer> out = new ArrayList<>(Long.bitCount(mask));
    for (long rest = mask; rest != 0; rest &= rest - 1) {
      out.add(Long.numberOfTrailingZeros(rest));
    }
    return out;
  }

  static boolean has(long mask, int value) {
    return value >= 0 && value < Long.SIZE && (mask & (1L << value)) != 0;
  }
}

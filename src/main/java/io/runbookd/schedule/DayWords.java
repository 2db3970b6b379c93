package io.runbookd.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * The days of a schedule in words: "every day", "every Monday to Friday", "the first Monday of each
 * month", "day 1 and the last day of each month", "every Sunday in January and July".
 */
final class DayWords {

  private static final long ALL_MONTHS = ((1L << 12) - 1) << 1;

  private DayWords() {}

  static String days(Cron cron) {
    if (cron.byDayOfMonth()) {
      return ofMonth(daysOfMonth(cron), cron);
    }
    if (cron.byDayOfWeek()) {
      return weekdays(cron);
    }
    return "every day" + inMonths(cron);
  }

  private static String daysOfMonth(Cron cron) {
    List<Integer> days = Cron.values(cron.daysOfMonth());
    List<String> parts = new ArrayList<>();
    if (!days.isEmpty()) {
      parts.add((days.size() == 1 ? "day " : "days ") + Words.runs(days, String::valueOf));
    }
    if (cron.lastDayOfMonth()) {
      parts.add("the last day");
    }
    return Words.join(parts);
  }

  private static String weekdays(Cron cron) {
    List<String> parts = new ArrayList<>();
    List<Integer> plain = new ArrayList<>();
    Cron.values(cron.weekdays()).forEach(d -> plain.add(d == 0 ? 7 : d));
    plain.sort(null);
    if (!plain.isEmpty()) {
      parts.add("every " + Words.runs(plain, Words::weekday) + inMonths(cron));
    }
    List<String> nth = nthWeekdays(cron);
    if (!nth.isEmpty()) {
      parts.add(ofMonth(Words.join(nth), cron));
    }
    return String.join(", and ", parts);
  }

  /** "the first Monday", "the first and third Friday", one entry per weekday from Monday. */
  private static List<String> nthWeekdays(Cron cron) {
    List<String> out = new ArrayList<>();
    for (int day = 1; day <= 7; day++) {
      int weekday = day % 7;
      List<String> ordinals = new ArrayList<>();
      for (int n = 1; n <= Cron.MAX_NTH; n++) {
        if (Cron.has(cron.nthWeekdays(), Cron.MAX_NTH * weekday + n - 1)) {
          ordinals.add(Words.ordinal(n));
        }
      }
      if (!ordinals.isEmpty()) {
        out.add("the " + Words.join(ordinals) + " " + Words.weekday(weekday));
      }
    }
    return out;
  }

  private static String ofMonth(String days, Cron cron) {
    return days + " of " + (cron.months() == ALL_MONTHS ? "each month" : months(cron));
  }

  private static String inMonths(Cron cron) {
    return cron.months() == ALL_MONTHS ? "" : " in " + months(cron);
  }

  private static String months(Cron cron) {
    return Words.runs(Cron.values(cron.months()), Words::month);
  }
}

package io.runbookd.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Month;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Schedules in English words, for listings and timelines: "every Sunday at 02:00 UTC, for 2 hours",
 * "the first Monday of each month at 09:00 Europe/Paris, for 4 hours", "every 15 minutes (UTC), for
 * 5 minutes".
 */
final class Words {

  private static final int MAX_LISTED_TIMES = 4;
  private static final List<String> ORDINALS =
      List.of("first", "second", "third", "fourth", "fifth");
  private static final long ALL_MINUTES = (1L << 60) - 1;
  private static final long ALL_HOURS = (1L << 24) - 1;

  private Words() {}

  static String describe(Cron cron, ZoneId zone, Duration window) {
    String days = DayWords.days(cron);
    String frequency = frequency(cron);
    String when;
    if (!frequency.isEmpty()) {
      String scope = days.equals("every day") ? "" : ", " + days;
      when = frequency + scope + " (" + zone.getId() + ")";
    } else {
      when = days + " at " + times(cron) + " " + zone.getId();
    }
    return when + ", for " + spelled(window);
  }

  /** "every minute", "every 15 minutes", "every 6 hours", or "" when times are better listed. */
  private static String frequency(Cron cron) {
    List<Integer> minutes = Cron.values(cron.minutes());
    List<Integer> hours = Cron.values(cron.hours());
    if (minutes.size() * hours.size() <= MAX_LISTED_TIMES) {
      return "";
    }
    if (cron.hours() == ALL_HOURS) {
      int step = step(minutes, 60);
      if (step > 0) {
        return step == 1 ? "every minute" : "every " + step + " minutes";
      }
      if (minutes.size() == 1) {
        return minutes.get(0) == 0 ? "every hour" : "every hour at minute " + minutes.get(0);
      }
    }
    int step = step(hours, 24);
    if (minutes.equals(List.of(0)) && step > 0) {
      return "every " + step + " hours";
    }
    return "";
  }

  /** The step of values 0, s, 2s, ... covering {@code [0, size)} evenly, or 0. */
  private static int step(List<Integer> values, int size) {
    int step = values.size() > 1 ? values.get(1) : 0;
    if (step == 0 || size % step != 0 || values.size() != size / step) {
      return 0;
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) != i * step) {
        return 0;
      }
    }
    return step;
  }

  /** "02:00", "02:00 and 14:30", or "minutes 0 and 30 past hours 9 to 17". */
  private static String times(Cron cron) {
    List<Integer> minutes = Cron.values(cron.minutes());
    List<Integer> hours = Cron.values(cron.hours());
    if (minutes.size() * hours.size() <= MAX_LISTED_TIMES) {
      List<String> out = new ArrayList<>();
      hours.forEach(h -> minutes.forEach(m -> out.add(String.format("%02d:%02d", h, m))));
      return join(out);
    }
    String shownMinutes =
        cron.minutes() == ALL_MINUTES ? "every minute" : plural("minute", minutes);
    return shownMinutes + " past " + plural("hour", hours);
  }

  private static String plural(String noun, List<Integer> values) {
    return noun + (values.size() == 1 ? " " : "s ") + runs(values, String::valueOf);
  }

  /** Sorted values joined in words, runs of three or more shown as "a to b". */
  static String runs(List<Integer> sorted, IntFunction<String> name) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      if (j - i >= 2) {
        out.add(name.apply(sorted.get(i)) + " to " + name.apply(sorted.get(j)));
      } else {
        sorted.subList(i, j + 1).forEach(v -> out.add(name.apply(v)));
      }
      i = j + 1;
    }
    return join(out);
  }

  static String join(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** The name of a weekday, 0 or 7 Sunday. */
  static String weekday(int value) {
    return DayOfWeek.of(value == 0 ? 7 : value).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  static String month(int value) {
    return Month.of(value).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  static String ordinal(int n) {
    return ORDINALS.get(n - 1);
  }

  /** A duration as rule files write it, in its units from days down: {@code 2h}, {@code 1h30m}. */
  static String duration(Duration duration) {
    StringBuilder out = new StringBuilder();
    unit(out, duration.toDaysPart(), "d");
    unit(out, duration.toHoursPart(), "h");
    unit(out, duration.toMinutesPart(), "m");
    unit(out, duration.toSecondsPart(), "s");
    return out.length() == 0 ? duration.toMillis() + "ms" : out.toString();
  }

  /** A duration in words: "2 hours", "1 hour 30 minutes". */
  static String spelled(Duration duration) {
    List<String> out = new ArrayList<>();
    spelledUnit(out, duration.toDaysPart(), "day");
    spelledUnit(out, duration.toHoursPart(), "hour");
    spelledUnit(out, duration.toMinutesPart(), "minute");
    spelledUnit(out, duration.toSecondsPart(), "second");
    return out.isEmpty() ? duration.toMillis() + " milliseconds" : String.join(" ", out);
  }

  private static void unit(StringBuilder out, long amount, String unit) {
    if (amount != 0) {
      out.append(amount).append(unit);
    }
  }

  private static void spelledUnit(List<String> out, long amount, String unit) {
    if (amount != 0) {
      out.add(amount + " " + unit + (amount == 1 ? "" : "s"));
    }
  }
}

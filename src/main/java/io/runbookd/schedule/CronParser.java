package io.runbookd.schedule;

import java.time.Month;
import java.util.Locale;

/**
 * Reads five-field cron expressions: {@code minute hour day-of-month month day-of-week}. Each field
 * is {@code *} or a comma-separated list of values ({@code 5}, {@code MON}, {@code JAN}), ranges
 * ({@code 1-5}, {@code MON-FRI}) and steps ({@code *}{@code /15}, {@code 0-30/10}). Beyond that,
 * day-of-month takes {@code L} (the month's last day) and day-of-week takes {@code MON#1} (the
 * first Monday of the month, {@code #1} to {@code #5}). Sunday is 0 or 7.
 *
 * <p>Refused, each with a message naming the field: ranges that go backwards (no wrap-around), a
 * step without a range ({@code 5/15}), a step longer than its range, {@code ?}, {@code @weekly}
 * shortcuts, and an expression restricting both day-of-month and day-of-week. Classic cron runs
 * such an expression on days matching <em>either</em> field, which surprises nearly everyone who
 * writes {@code 0 9 1-7 * MON} for "the first Monday"; runbookd does not guess which was meant and
 * asks for one day field with the other left {@code *} ({@code 0 9 * * MON#1}).
 */
final class CronParser {

  private static final String FIELDS = "minute hour day-of-month month day-of-week";

  private CronParser() {}

  static Cron parse(String expression) {
    String text = expression == null ? "" : expression.trim();
    if (text.isEmpty()) {
      throw invalid("empty cron expression; expected 5 fields: " + FIELDS);
    }
    if (text.startsWith("@")) {
      throw invalid(
          "'"
              + text
              + "': shortcuts such as @weekly are not supported; write the 5 fields: "
              + FIELDS);
    }
    String[] parts = text.split("\\s+");
    if (parts.length != 5) {
      throw invalid(
          "expected 5 fields (" + FIELDS + "), got " + parts.length + " in '" + text + "'");
    }
    Days dom = list(Field.DAY_OF_MONTH, parts[2]);
    Days dow = list(Field.DAY_OF_WEEK, parts[4]);
    boolean byDom = !parts[2].equals("*");
    boolean byDow = !parts[4].equals("*");
    if (byDom && byDow) {
      throw invalid(
          "day-of-month '"
              + parts[2]
              + "' and day-of-week '"
              + parts[4]
              + "' are both"
              + " restricted; restrict one and leave the other '*' (e.g. 0 9 * * MON#1 for the"
              + " first Monday of the month)");
    }
    long months = list(Field.MONTH, parts[3]).mask;
    Cron cron =
        new Cron(
            text,
            list(Field.MINUTE, parts[0]).mask,
            list(Field.HOUR, parts[1]).mask,
            dom.mask,
            dom.special != 0,
            months,
            dow.mask,
            dow.special,
            byDom,
            byDow);
    checkDaysExist(cron, parts[2], parts[3]);
    return cron;
  }

  /** A field's plain values, and its special ones: L for days of the month, #n for weekdays. */
  private record Days(long mask, long special) {}

  private static Days list(Field field, String text) {
    long mask = 0;
    long special = 0;
    for (String item : text.split(",", -1)) {
      if (item.isEmpty()) {
        throw invalid(field, "'" + text + "': empty item in the list");
      }
      String upper = item.toUpperCase(Locale.ROOT);
      if (field == Field.DAY_OF_MONTH && upper.equals("L")) {
        special = 1;
      } else if (field == Field.DAY_OF_WEEK && item.contains("#")) {
        special |= nth(item);
      } else {
        mask |= item(field, item);
      }
    }
    return new Days(mask, special);
  }

  private static long item(Field field, String item) {
    if (item.equals("?")) {
      throw invalid(field, "'?' is not supported; write '*'");
    }
    int slash = item.indexOf('/');
    String base = slash < 0 ? item : item.substring(0, slash);
    int dash = base.indexOf('-');
    int low;
    int high;
    if (base.equals("*")) {
      low = field.min;
      high = field == Field.DAY_OF_WEEK ? 6 : field.max;
    } else if (dash > 0) {
      low = value(field, base.substring(0, dash));
      high = value(field, base.substring(dash + 1));
      if (field == Field.DAY_OF_WEEK && high == 0) {
        high = 7; // FRI-SUN: Sunday ends a range as 7
      }
      if (low > high) {
        throw invalid(field, "'" + item + "': the range goes backwards (no wrap-around)");
      }
    } else if (slash >= 0) {
      throw invalid(
          field,
          "'"
              + item
              + "': a step needs a range, e.g. "
              + base
              + "-"
              + field.max
              + "/"
              + item.substring(slash + 1)
              + " or */"
              + item.substring(slash + 1));
    } else {
      low = value(field, base);
      high = low;
    }
    int step = slash < 0 ? 1 : step(field, item, item.substring(slash + 1), high - low);
    long mask = 0;
    for (int v = low; v <= high; v += step) {
      mask |= 1L << (field == Field.DAY_OF_WEEK ? v % 7 : v);
    }
    return mask;
  }

  private static int step(Field field, String item, String text, int span) {
    int step =
        text.length() <= 2 && text.chars().allMatch(Character::isDigit) && !text.isEmpty()
            ? Integer.parseInt(text)
            : -1;
    if (step < 1) {
      throw invalid(field, "'" + item + "': the step must be a whole number from 1");
    }
    if (step > span) {
      throw invalid(
          field, "'" + item + "': the step " + step + " is longer than the range it divides");
    }
    return step;
  }

  private static int value(Field field, String text) {
    int value = field.value(text);
    if (value < 0) {
      String hint =
          text.toUpperCase(Locale.ROOT).contains("L") && field != Field.MONTH
              ? " (L, the last day of the month, is only for day-of-month and stands alone)"
              : "";
      throw invalid(field, "'" + text + "' is not a value; accepts " + field.accepts() + hint);
    }
    if (value < field.min || value > field.max) {
      throw invalid(field, value + " is out of range " + field.accepts());
    }
    return value;
  }

  /** {@code MON#1}: bit {@code 5 * weekday + (n - 1)}. */
  private static long nth(String item) {
    int hash = item.indexOf('#');
    int weekday = value(Field.DAY_OF_WEEK, item.substring(0, hash)) % 7;
    String n = item.substring(hash + 1);
    if (!n.matches("[1-" + Cron.MAX_NTH + "]")) {
      throw invalid(
          Field.DAY_OF_WEEK,
          "'"
              + item
              + "': the occurrence after # must be 1 to "
              + Cron.MAX_NTH
              + " (MON#1 is the first Monday of the month)");
    }
    return 1L << (Cron.MAX_NTH * weekday + Integer.parseInt(n) - 1);
  }

  /** Refuses a day-of-month that no month of the expression has, such as 30 in February. */
  private static void checkDaysExist(Cron cron, String dom, String months) {
    if (!cron.byDayOfMonth() || cron.lastDayOfMonth()) {
      return;
    }
    int first = Long.numberOfTrailingZeros(cron.daysOfMonth());
    for (int month : Cron.values(cron.months())) {
      if (first <= Month.of(month).maxLength()) {
        return;
      }
    }
    throw invalid(
        "day-of-month '" + dom + "' never falls in month '" + months + "': it would never run");
  }

  private static InvalidScheduleException invalid(Field field, String message) {
    return invalid(field.label + ": " + message);
  }

  private static InvalidScheduleException invalid(String message) {
    return new InvalidScheduleException(InvalidScheduleException.Part.CRON, message);
  }
}

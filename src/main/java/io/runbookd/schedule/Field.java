package io.runbookd.schedule;

import java.util.List;
import java.util.Locale;

/** The five fields of a cron expression, in the order they are written, with their ranges. */
enum Field {
  MINUTE("minute", 0, 59, List.of()),
  HOUR("hour", 0, 23, List.of()),
  DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
  MONTH(
      "month",
      1,
      12,
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),
  // 7 is Sunday too, as in every cron; it is folded onto 0 once a value or range is read.
  DAY_OF_WEEK("day-of-week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"));

  final String label;
  final int min;
  final int max;
  private final List<String> names;

  Field(String label, int min, int max, List<String> names) {
    this.label = label;
    this.min = min;
    this.max = max;
    this.names = names;
  }

  /** The value of a number or (for months and weekdays) a three-letter name, or -1. */
  int value(String text) {
    if (!text.isEmpty() && text.length() <= 2 && text.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(text);
    }
    int index = names.indexOf(text.toUpperCase(Locale.ROOT));
    return index < 0 ? -1 : index + min;
  }

  /** How messages describe what the field accepts. */
  String accepts() {
    String range = min + "-" + max;
    return names.isEmpty()
        ? range
        : range + " or " + names.get(0) + "-" + names.get(names.size() - 1);
  }
}

package io.runbookd.probes.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small helpers the reports share to read rows and write summary lines. */
final class Reports {
  private Reports() {}

  static long longOf(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  static double doubleOf(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0.0;
  }

  /** The named columns of a row, in that order; SQL NULL stays null. */
  static Map<String, Object> pick(Map<String, Object> row, String... columns) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String column : columns) {
      out.put(column, row.get(column));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The total a {@code count(*) OVER ()} column reports, or 0 without rows. */
  static long matching(List<Map<String, Object>> rows) {
    return rows.isEmpty() ? 0L : longOf(rows.get(0).get("matching"));
  }

  /** Text for a summary line: one line, control characters replaced, at most {@code max}. */
  static String oneLine(Object text, int max) {
    String line =
        String.valueOf(text).replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?").strip();
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }

  /** A number without a needless {@code .0}. */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  static String plural(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}

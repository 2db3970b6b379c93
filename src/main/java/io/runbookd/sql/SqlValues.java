package io.runbookd.sql;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Converts JDBC values into probe data shapes. Text is clipped and arrays are capped because
 * results end up in the timeline and in pages.
 */
final class SqlValues {
  static final int MAX_TEXT = 200;
  static final int MAX_ARRAY = 100;

  private SqlValues() {}

  /** {@code pgType} is the column's type name, e.g. {@code timestamptz}. */
  static Object of(Object v, String pgType) throws SQLException {
    if (v == null || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Timestamp t) {
      // timestamptz is an instant; a timestamp without zone is a wall-clock reading.
      return "timestamptz".equals(pgType)
          ? t.toInstant().toString()
          : t.toLocalDateTime().toString();
    }
    if (v instanceof Array a) {
      return array(a);
    }
    if (v instanceof byte[] bytes) {
      return "(" + bytes.length + " bytes)";
    }
    return clip(String.valueOf(v));
  }

  private static List<Object> array(Array a) throws SQLException {
    try {
      Object[] items = (Object[]) a.getArray();
      List<Object> out = new ArrayList<>(Math.min(items.length, MAX_ARRAY));
      for (int i = 0; i < items.length && i < MAX_ARRAY; i++) {
        out.add(of(items[i], ""));
      }
      return Collections.unmodifiableList(out);
    } finally {
      a.free();
    }
  }

  static String clip(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }
}

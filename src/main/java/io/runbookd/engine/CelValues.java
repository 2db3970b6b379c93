package io.runbookd.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes probe data readable by CEL, which knows {@code int} as Java {@code Long} and {@code
 * double} as {@code Double}: plugins may return Integer or Float, and JSON read back after a
 * restart gives Integer. Anything else becomes text.
 */
final class CelValues {
  private CelValues() {}

  static Map<String, Object> normalize(Map<?, ?> data) {
    Map<String, Object> out = new LinkedHashMap<>();
    data.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
    return out;
  }

  private static Object value(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Map<?, ?> m) {
      return normalize(m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(item -> out.add(value(item)));
      return out;
    }
    return String.valueOf(v);
  }
}

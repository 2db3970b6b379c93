package io.runbookd.rules;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between plugin data and CEL's Java values. CEL knows {@code Long} and {@code Double} but
 * not {@code Integer} or {@code Float}, so probe data is widened on the way in; on the way out only
 * the values a parameter can hold are let through.
 */
final class CelValues {

  private CelValues() {}

  /** {@code value} with every number widened to Long or Double; other leaves become text. */
  static Object toCel(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE; // a Java null inside a map reads as "unknown" in CEL
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big.doubleValue();
    }
    if (value instanceof Long || value instanceof Double) {
      return value;
    }
    if (value instanceof Duration duration) {
      return StepDurations.show(duration); // as rule files write it, which duration params take
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toCel(v)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(item -> out.add(toCel(item)));
      return Collections.unmodifiableList(out);
    }
    return value.toString();
  }

  static Map<String, Object> toCelMap(Map<String, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, toCel(v)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * A CEL result as a plain Java value (Boolean, Long, Double, String, List, Map), or empty when it
   * is of a type no parameter takes (bytes, timestamps, durations, types).
   */
  static Optional<Object> fromCel(Object value) {
    if (value instanceof Boolean
        || value instanceof Long
        || value instanceof Double
        || value instanceof String
        || value instanceof List<?>
        || value instanceof Map<?, ?>) {
      return Optional.of(value);
    }
    if (value instanceof UnsignedLong unsigned
        && unsigned.compareTo(UnsignedLong.valueOf(Long.MAX_VALUE)) <= 0) {
      return Optional.of(unsigned.longValue());
    }
    return Optional.empty();
  }
}

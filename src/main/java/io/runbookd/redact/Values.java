package io.runbookd.redact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Copies of data values (maps, lists, scalars) with some parts replaced; inputs stay as they are. */
final class Values {
  private Values() {}

  /** Every text in {@code value} with its URLs scrubbed. */
  static Object scrub(Object value) {
    return each(value, v -> v instanceof String s ? Urls.scrub(s) : v);
  }

  /** Every scalar in {@code value} replaced by the mark; map keys and list lengths kept. */
  static Object secret(Object value) {
    return each(value, v -> v == null ? null : Redactor.MARK);
  }

  /** {@code leaf} applied to every scalar, the structure copied. */
  static Object each(Object value, UnaryOperator<Object> leaf) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, each(v, leaf)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(each(v, leaf)));
      return Collections.unmodifiableList(out);
    }
    return leaf.apply(value);
  }

  /**
   * {@code value} with {@code change} applied to what {@code path} names: each element names a
   * key of a map; lists on the way are gone through element by element. Absent keys change
   * nothing.
   */
  static Object atPath(Object value, List<String> path, UnaryOperator<Object> change) {
    if (path.isEmpty()) {
      return change.apply(value);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(atPath(v, path, change)));
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Map<?, ?> map && map.containsKey(path.get(0))) {
      Map<Object, Object> out = new LinkedHashMap<>(map);
      out.put(path.get(0), atPath(map.get(path.get(0)), path.subList(1, path.size()), change));
      return Collections.unmodifiableMap(out);
    }
    return value;
  }

  /** Every text in {@code value}, in order. */
  static List<String> texts(Object value) {
    List<String> out = new ArrayList<>();
    each(value, v -> {
      if (v instanceof String s) {
        out.add(s);
      }
      return v;
    });
    return out;
  }
}

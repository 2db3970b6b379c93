package io.runbookd.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks raw values (from YAML literals or evaluated expressions) against a plugin's declared
 * parameters: unknown names, missing required ones, shapes, and each parameter's check. Every
 * problem is reported, each naming its parameter.
 */
public final class ParamBinder {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private ParamBinder() {}

  /** Validates all values; returns the problems (empty when every value is acceptable). */
  public static List<String> problems(List<Param> spec, Map<String, Object> raw) {
    List<String> problems = new ArrayList<>();
    convert(spec, raw, problems, true);
    return problems;
  }

  /** Validates and converts; throws on the first problem. */
  public static Params bind(List<Param> spec, Map<String, Object> raw) throws ParamException {
    List<String> problems = new ArrayList<>();
    Map<String, Object> values = convert(spec, raw, problems, true);
    if (!problems.isEmpty()) {
      String first = problems.get(0);
      int colon = first.indexOf(':');
      throw new ParamException(first.substring(0, colon), first.substring(colon + 2));
    }
    return new Params(values);
  }

  /**
   * Validates only what is known before the alert arrives: names, and the values given as
   * literals. {@code deferred} names parameters whose values are expressions.
   */
  public static List<String> literalProblems(
      List<Param> spec, Map<String, Object> literals, java.util.Set<String> deferred) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> all = new LinkedHashMap<>(literals);
    deferred.forEach(name -> all.putIfAbsent(name, Deferred.VALUE));
    convert(spec, all, problems, true);
    return problems;
  }

  private enum Deferred {
    VALUE
  }

  private static Map<String, Object> convert(
      List<Param> spec, Map<String, Object> raw, List<String> problems, boolean strict) {
    Map<String, Param> byName = new LinkedHashMap<>();
    spec.forEach(p -> byName.put(p.name(), p));
    if (strict) {
      for (String name : raw.keySet()) {
        if (!byName.containsKey(name)) {
          problems.add(name + ": unknown parameter; known: " + String.join(", ", new TreeSet<>(byName.keySet())));
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Param param : spec) {
      Object value = raw.get(param.name());
      if (value == null) {
        if (param.required()) {
          problems.add(param.name() + ": required parameter is missing");
        }
        continue;
      }
      if (value == Deferred.VALUE) {
        continue;
      }
      Optional<Object> converted = convertOne(param, value, problems);
      converted.ifPresent(
          v -> {
            Optional<String> problem = param.check().problem(v);
            if (problem.isPresent()) {
              problems.add(param.name() + ": " + problem.get());
            } else {
              out.put(param.name(), v);
            }
          });
    }
    return out;
  }

  private static Optional<Object> convertOne(Param param, Object value, List<String> problems) {
    Object converted =
        switch (param.type()) {
          case STRING -> value instanceof String || value instanceof Number || value instanceof Boolean
              ? String.valueOf(value) : null;
          case INTEGER -> integer(value);
          case NUMBER -> value instanceof Number n ? (Object) n.doubleValue() : null;
          case BOOLEAN -> value instanceof Boolean ? value : null;
          case DURATION -> value instanceof String s ? duration(s) : null;
          case STRING_MAP -> stringMap(value);
          case STRING_LIST -> stringList(value);
        };
    if (converted == null) {
      problems.add(param.name() + ": must be " + describe(param.type()));
      return Optional.empty();
    }
    return Optional.of(converted);
  }

  private static Object integer(Object value) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return d.longValue();
    }
    return null;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}. */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static Object stringMap(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k) || e.getValue() == null
          || e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>) {
        return null;
      }
      out.put(k, String.valueOf(e.getValue()));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Object stringList(Object value) {
    if (!(value instanceof List<?> list)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
        return null;
      }
      out.add(String.valueOf(item));
    }
    return List.copyOf(out);
  }

  private static String describe(ParamType type) {
    return switch (type) {
      case STRING -> "text";
      case INTEGER -> "a whole number";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case DURATION -> "a duration such as 30s, 15m or 2h";
      case STRING_MAP -> "a map of names to text values";
      case STRING_LIST -> "a list of text values";
    };
  }
}

package io.runbookd.plugin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolved parameter values that passed their {@link Param} type and check: what a plugin's
 * {@link Plugin#bind} reads. Built only by {@link ParamBinder}.
 */
public final class Params {
  private final Map<String, Object> values;

  Params(Map<String, Object> values) {
    this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Map<String, Object> asMap() {
    return values;
  }

  /** Whether {@code name} was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name) {
    return (String) values.get(name);
  }

  public Optional<String> optionalString(String name) {
    return Optional.ofNullable((String) values.get(name));
  }

  public long integer(String name, long fallback) {
    Object v = values.get(name);
    return v == null ? fallback : ((Number) v).longValue();
  }

  public double number(String name, double fallback) {
    Object v = values.get(name);
    return v == null ? fallback : ((Number) v).doubleValue();
  }

  public boolean bool(String name, boolean fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Boolean) v;
  }

  public Duration duration(String name, Duration fallback) {
    Object v = values.get(name);
    return v == null ? fallback : (Duration) v;
  }

  @SuppressWarnings("unchecked")
  public Map<String, String> stringMap(String name) {
    Object v = values.get(name);
    return v == null ? Map.of() : (Map<String, String>) v;
  }

  @SuppressWarnings("unchecked")
  public List<String> stringList(String name) {
    Object v = values.get(name);
    return v == null ? List.of() : (List<String>) v;
  }
}

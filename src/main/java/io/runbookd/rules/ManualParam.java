package io.runbookd.rules;

import com.google.re2j.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed parameter of a runbook's {@code manual} trigger, as declared in its rule file.
 *
 * @param name how the API, the CLI ({@code --param name=value}) and expressions ({@code
 *     params.name}) call it
 * @param type the type of its value
 * @param defaultValue the value when none is given; without one the parameter is required
 * @param min the smallest value accepted (int, number and duration parameters)
 * @param max the largest value accepted (int, number and duration parameters)
 * @param pattern an RE2 regex the whole value must match (string parameters)
 * @param allowed the only values accepted, when not empty (string, int and number parameters)
 * @param description one line for the API, the CLI and the docs, "" when absent
 */
public record ManualParam(
    String name,
    Type type,
    Optional<Object> defaultValue,
    Optional<Object> min,
    Optional<Object> max,
    Optional<Pattern> pattern,
    List<Object> allowed,
    String description) {

  /**
   * The types a parameter can have, and the Java type of its values: {@code Long}, {@code Double},
   * {@code String}, {@code Boolean}, {@code java.time.Duration}.
   */
  public enum Type {
    INT,
    NUMBER,
    STRING,
    BOOL,
    DURATION;

    /** The name rule files use: {@code int}, {@code number}, ... */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean bounded() {
      return this == INT || this == NUMBER || this == DURATION;
    }

    boolean enumerable() {
      return this == INT || this == NUMBER || this == STRING;
    }
  }

  public ManualParam {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(pattern, "pattern");
    allowed = List.copyOf(allowed);
    description = description == null ? "" : description;
  }

  public boolean required() {
    return defaultValue.isEmpty();
  }

  /** Why {@code value} (of this parameter's type) is not acceptable, if it is not. */
  Optional<String> problem(Object value) {
    if (min.isPresent() && ManualValues.compare(value, min.get()) < 0) {
      return Optional.of(show(value) + " is below the minimum " + show(min.get()));
    }
    if (max.isPresent() && ManualValues.compare(value, max.get()) > 0) {
      return Optional.of(show(value) + " is above the maximum " + show(max.get()));
    }
    if (pattern.isPresent() && !pattern.get().matches((String) value)) {
      return Optional.of(show(value) + " does not match " + pattern.get().pattern());
    }
    if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> ManualValues.same(a, value))) {
      List<String> shown = allowed.stream().map(ManualParam::show).toList();
      return Optional.of(show(value) + " is not one of " + String.join(", ", shown));
    }
    return Optional.empty();
  }

  /**
   * A value as JSON carries it (the API, a run's stored parameters): numbers, text and booleans as
   * they are, a duration as rule files write it ({@code 5m}).
   */
  public static Object json(Object value) {
    return value instanceof Duration duration ? StepDurations.show(duration) : value;
  }

  /**
   * A value as rule files and the API write it: {@code 3}, {@code 0.5}, {@code 2h}, {@code 'x'}.
   */
  static String show(Object value) {
    if (value instanceof Duration duration) {
      return StepDurations.show(duration);
    }
    if (value instanceof String text) {
      return "'" + SafeText.of(text) + "'";
    }
    return String.valueOf(value);
  }
}

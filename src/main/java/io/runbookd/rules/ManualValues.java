package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.ParamBinder;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Values of manual parameters: read from the text the API and the CLI pass ({@code --param
 * replicas=3}) or from the YAML of the rule file (defaults, bounds, allowed values), and compared.
 * Text is read strictly: {@code 3.0} is not an int, {@code yes} is not a bool, {@code NaN} is not a
 * number.
 */
final class ManualValues {

  /** Longest text a string parameter takes. */
  static final int MAX_TEXT = 1000;

  private static final Pattern INT = Pattern.compile("[-+]?\\d{1,18}");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?\\d{1,15}(\\.\\d{1,15})?([eE][-+]?\\d{1,3})?");

  private ManualValues() {}

  /** The value {@code text} stands for, or empty when it is not one of {@code type}. */
  static Optional<Object> fromText(ManualParam.Type type, String text) {
    return switch (type) {
      case INT ->
          INT.matcher(text).matches() ? Optional.of(Long.parseLong(text)) : Optional.empty();
      case NUMBER -> number(text);
      case STRING -> Optional.of(text);
      case BOOL ->
          text.equals("true") || text.equals("false")
              ? Optional.of(Boolean.parseBoolean(text))
              : Optional.empty();
      case DURATION -> duration(text);
    };
  }

  /**
   * The value a YAML node of a rule file stands for, or empty when it is not one of {@code type}.
   */
  static Optional<Object> fromYaml(ManualParam.Type type, JsonNode node) {
    return switch (type) {
      case INT ->
          node.isIntegralNumber() && node.canConvertToLong()
              ? Optional.of(node.longValue())
              : Optional.empty();
      case NUMBER -> node.isNumber() ? Optional.of(node.doubleValue()) : Optional.empty();
      case STRING -> node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
      case BOOL -> node.isBoolean() ? Optional.of(node.booleanValue()) : Optional.empty();
      case DURATION -> node.isTextual() ? duration(node.asText()) : Optional.empty();
    };
  }

  /** What a value that is not of {@code type} was expected to be, for messages. */
  static String expected(ManualParam.Type type) {
    return switch (type) {
      case INT -> "is not an int (a whole number)";
      case NUMBER -> "is not a number";
      case STRING -> "is not text";
      case BOOL -> "is not true or false";
      case DURATION -> "is not a duration such as 30s, 15m or 2h";
    };
  }

  /** Orders two values of one bounded type (Long, Double, Duration). */
  static int compare(Object a, Object b) {
    if (a instanceof Duration x && b instanceof Duration y) {
      return x.compareTo(y);
    }
    return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
  }

  static boolean same(Object a, Object b) {
    return a instanceof Number && b instanceof Number ? compare(a, b) == 0 : a.equals(b);
  }

  private static Optional<Object> number(String text) {
    if (!NUMBER.matcher(text).matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
  }

  private static Optional<Object> duration(String text) {
    try {
      return Optional.ofNullable(ParamBinder.duration(text));
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}

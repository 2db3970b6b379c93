package io.runbookd.probes.aws;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks for CloudWatch metric parameters. Dimension values usually come from alert labels (the RDS
 * instance of the alert), so they are held to CloudWatch's own limits plus printable text: nothing
 * a label says can smuggle a line break into a summary or a log.
 */
final class MetricChecks {
  static final Duration MIN_PERIOD = Duration.ofSeconds(60);
  static final Duration MAX_WINDOW = Duration.ofHours(24);
  static final int MAX_DIMENSIONS = 30;
  static final List<String> STATISTICS =
      List.of("Average", "Maximum", "Minimum", "Sum", "SampleCount");

  private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9/_.#:-]{1,255}");
  private static final Pattern PRINTABLE = Pattern.compile("[^\\p{C}\\p{Zl}\\p{Zp}]+");
  private static final int MAX_LENGTH = 255;
  private static final Pattern ASCII_PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,255}");

  private MetricChecks() {}

  /** A namespace or metric name: letters, digits and {@code / _ . # : -}, at most 255. */
  static final Check NAME =
      value -> {
        String text = String.valueOf(value);
        return NAME_PATTERN.matcher(text).matches()
            ? Optional.empty()
            : Optional.of(
                "'"
                    + Checks.clip(text)
                    + "' is not a CloudWatch name (A-Z, a-z, 0-9, / _ . # : -, at most 255)");
      };

  static final Check STATISTIC =
      value ->
          STATISTICS.contains(String.valueOf(value))
              ? Optional.empty()
              : Optional.of(
                  "'" + Checks.clip(value) + "' is not one of " + String.join(", ", STATISTICS));

  /**
   * Names: printable ASCII, not blank, not starting with ':' (CloudWatch's rule). Values: printable
   * text without control, format or line-separator characters. Both 1 to 255 characters.
   */
  static final Check DIMENSIONS =
      value -> {
        Map<?, ?> map = (Map<?, ?>) value;
        if (map.size() > MAX_DIMENSIONS) {
          return Optional.of("at most " + MAX_DIMENSIONS + " dimensions, got " + map.size());
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String name = String.valueOf(e.getKey());
          String text = String.valueOf(e.getValue());
          if (!ASCII_PRINTABLE.matcher(name).matches() || name.isBlank() || name.startsWith(":")) {
            return Optional.of(
                "dimension name '"
                    + Checks.clip(name)
                    + "' must be 1-255 printable ASCII characters, not starting with ':'");
          }
          if (text.length() > MAX_LENGTH || !PRINTABLE.matcher(text).matches() || text.isBlank()) {
            return Optional.of(
                "value of dimension '"
                    + Checks.clip(name)
                    + "' must be 1-255 printable characters, got '"
                    + Checks.clip(text)
                    + "'");
          }
        }
        return Optional.empty();
      };

  /** CloudWatch periods of a minute or more are whole minutes. */
  static final Check PERIOD =
      value -> {
        Duration d = (Duration) value;
        return d.compareTo(MIN_PERIOD) < 0 || d.toMillis() % MIN_PERIOD.toMillis() != 0
            ? Optional.of("must be a whole number of minutes, at least 1m, got " + format(d))
            : Optional.empty();
      };

  static final Check WINDOW =
      value -> {
        Duration d = (Duration) value;
        return d.compareTo(MIN_PERIOD) < 0 || d.compareTo(MAX_WINDOW) > 0
            ? Optional.of("must be between 1m and 24h, got " + format(d))
            : Optional.empty();
      };

  /** {@code 1h}, {@code 90m}, {@code 45s}: the largest unit that divides evenly. */
  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long s = millis / 1000;
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s != 0 && s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}

package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.ParamBinder;
import java.time.Duration;
import java.util.Optional;

/**
 * Durations of rule steps ({@code timeout}, {@code within}, {@code every}): written like plugin
 * durations ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}) and bounded, so that
 * a typo cannot make a step wait for a week.
 */
public final class StepDurations {

  private StepDurations() {}

  /**
   * The duration at {@code key} of {@code where}: {@code fallback} when absent, empty (and
   * reported) when unreadable or outside {@code [min, max]}.
   */
  static Optional<Duration> parse(
      Reporter r, Where where, String key, Duration fallback, Duration min, Duration max) {
    return parse(r, where, key, fallback, min, max, show(max));
  }

  /** As {@link #parse}, with {@code maxShown} naming the upper bound in messages. */
  static Optional<Duration> parse(
      Reporter r,
      Where where,
      String key,
      Duration fallback,
      Duration min,
      Duration max,
      String maxShown) {
    JsonNode node = r.json(where.path(key));
    if (node.isMissingNode()) {
      return Optional.of(fallback);
    }
    if (!node.isTextual()) {
      return Optional.empty(); // the schema reports it
    }
    int line = r.line(where.path(key));
    Duration parsed = readable(node.asText());
    if (parsed == null) {
      r.at(
          line,
          where.say(key)
              + ": '"
              + SafeText.of(node.asText())
              + "' is not a duration such as 30s, 15m or 2h");
      return Optional.empty();
    }
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      r.at(
          line,
          where.say(key)
              + ": must be between "
              + show(min)
              + " and "
              + maxShown
              + ", got "
              + show(parsed));
      return Optional.empty();
    }
    return Optional.of(parsed);
  }

  // ParamBinder.duration throws on numbers too large for a long; that is unreadable too.
  private static Duration readable(String text) {
    try {
      return ParamBinder.duration(text);
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * A duration as rule files write it, in its largest exact unit up to hours: {@code 90s}, {@code
   * 15m}, {@code 24h} (rather than {@code 1d}, as the bounds read better in hours).
   */
  public static String show(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] sizes = {3_600_000L, 60_000L, 1_000L};
    String[] units = {"h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms != 0 && ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }
}

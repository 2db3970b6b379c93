package io.runbookd.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in configuration: {@code 30s}, {@code 30m}, {@code 2h}, {@code 30d}; at most 7 days unless said. */
final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(s|m|h|d)");

  private Durations() {}

  static Duration of(Binder b, String key, Duration fallback) {
    return of(b, key, fallback, Duration.ofDays(7));
  }

  static Duration of(Binder b, String key, Duration fallback, Duration max) {
    Optional<String> text = b.text(key);
    if (text.isEmpty()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(text.get());
    if (!m.matches()) {
      b.problem(key, "must be a duration such as 30s, 30m, 2h or 30d, got '" + text.get() + "'");
      return fallback;
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.compareTo(max) > 0) {
      b.problem(key, "must be at most " + max.toDays() + " days");
      return fallback;
    }
    return d;
  }
}

package io.runbookd.k8s;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Kubernetes timestamps (RFC 3339) and the short ages kubectl prints. */
public final class K8sTime {
  private K8sTime() {}

  /** Parses a timestamp such as {@code 2025-10-12T10:00:00Z}; empty when absent or malformed. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** RFC 3339 in UTC with whole seconds, as kubectl writes {@code restartedAt}. */
  public static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}; negative ages (clock skew) read as 0s. */
  public static String ago(Duration age) {
    long s = Math.max(0, age.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    return s < 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
  }
}

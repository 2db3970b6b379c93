package io.runbookd.escalation.pagers;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads an HTTP {@code Retry-After} header: delta-seconds or an HTTP-date (RFC 9110). */
final class RetryAfter {
  /**
   * The longest wait we accept. A pager that asks for a day would otherwise silence escalation for
   * a day; the outbox asks again within the hour and is told again if it must wait.
   */
  static final Duration MAX = Duration.ofHours(1);

  private static final Pattern SECONDS = Pattern.compile("\\d{1,10}");

  private RetryAfter() {}

  static Optional<Duration> parse(Optional<String> header, Instant now) {
    return header.flatMap(value -> parse(value, now));
  }

  /** Empty when the value is neither form; a date in the past means now. */
  static Optional<Duration> parse(String value, Instant now) {
    String text = value.trim();
    if (SECONDS.matcher(text).matches()) {
      return Optional.of(bound(Duration.ofSeconds(Long.parseLong(text))));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(bound(Duration.between(now, at)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration bound(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}

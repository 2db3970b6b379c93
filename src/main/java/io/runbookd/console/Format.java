package io.runbookd.console;

import io.runbookd.incident.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times, durations and statuses: in words, UTC, never colour alone. */
final class Format {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Format() {}

  static String time(Instant at) {
    return UTC.format(at);
  }

  /** {@code <time datetime="…">2025-10-12 12:00:03 UTC</time>}. */
  static void time(Html html, Instant at) {
    html.el("time", time(at), "datetime", at.toString());
  }

  /** "in 29 min", "3 h ago", "now". */
  static String relative(Instant at, Instant now) {
    Duration d = Duration.between(now, at);
    String span = span(d.abs());
    if (span.isEmpty()) {
      return "now";
    }
    return d.isNegative() ? span + " ago" : "in " + span;
  }

  private static String span(Duration d) {
    if (d.toSeconds() < 5) {
      return "";
    }
    if (d.toMinutes() < 1) {
      return d.toSeconds() + " s";
    }
    if (d.toHours() < 2) {
      return d.toMinutes() + " min";
    }
    return d.toDays() < 2 ? d.toHours() + " h" : d.toDays() + " days";
  }

  /** "awaiting approval" for {@code awaiting_approval}. */
  static String status(IncidentStatus status) {
    return status.wire().replace('_', ' ');
  }

  /** A status badge: the words, with a class for its colour. */
  static void badge(Html html, IncidentStatus status) {
    html.el("span", status(status), "class", "badge status-" + status.wire());
  }
}

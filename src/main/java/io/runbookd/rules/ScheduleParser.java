package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.schedule.InvalidScheduleException;
import io.runbookd.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code schedule} section, one {@code {cron, timezone, window}} or a list of them, and
 * reports a bad cron field, time zone or window at its line, e.g. {@code schedule.cron:
 * day-of-week: 'MON#6': ...}.
 */
final class ScheduleParser {

  private static final Duration UNBOUNDED = Duration.ofDays(100 * 365);

  private ScheduleParser() {}

  static List<Schedule> parse(Reporter r) {
    JsonNode section = r.json(List.of("schedule"));
    List<Schedule> out = new ArrayList<>();
    if (section.isObject()) {
      one(r, Where.section("schedule")).ifPresent(out::add);
    }
    for (int i = 0; section.isArray() && i < section.size(); i++) {
      Where where = new Where(List.of("schedule", i), "schedule[" + i + "]", ".");
      one(r, where).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<Schedule> one(Reporter r, Where where) {
    JsonNode item = r.json(where.path());
    if (!item.isObject() || !item.path("window").isTextual()) {
      return Optional.empty(); // the schema reports it
    }
    // Only read here: Schedule.of checks the bounds, and names them in days.
    Optional<Duration> window =
        StepDurations.parse(r, where, "window", Duration.ZERO, Duration.ZERO, UNBOUNDED);
    JsonNode cron = item.path("cron");
    JsonNode timezone = item.path("timezone");
    if (!cron.isTextual() || !timezone.isTextual() || window.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Schedule.of(cron.asText(), timezone.asText(), window.get()));
    } catch (InvalidScheduleException e) {
      report(r, where, e);
      return Optional.empty();
    }
  }

  // The exception names the cron field at fault, or starts with "timezone: " or "window: ".
  private static void report(Reporter r, Where where, InvalidScheduleException e) {
    String message = SafeText.of(e.getMessage(), 500);
    switch (e.part()) {
      case CRON -> r.at(r.line(where.path("cron")), where.say("cron") + ": " + message);
      case TIMEZONE -> r.at(r.line(where.path("timezone")), where.say(message));
      case WINDOW -> r.at(r.line(where.path("window")), where.say(message));
    }
  }
}

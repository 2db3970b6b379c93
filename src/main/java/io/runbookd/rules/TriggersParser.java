package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what starts a rule besides {@code match} ({@code schedule}, {@code manual}), how it is
 * drilled ({@code drill}) and how its alerts group ({@code group_by}), and requires at least one
 * trigger.
 */
final class TriggersParser {

  /** What the sections yielded; complete only when nothing was reported. */
  record Parsed(
      List<Schedule> schedules, Optional<ManualParams> manual, Drill drill, List<String> groupBy) {}

  private TriggersParser() {}

  static Parsed parse(Reporter r) {
    JsonNode root = r.json(List.of());
    boolean alertDriven = root.has("match");
    if (root.isObject() && !alertDriven && !root.has("schedule") && !root.has("manual")) {
      r.at(
          r.line(List.of()),
          "a rule needs at least one trigger: match (alerts), schedule or manual");
    }
    List<Schedule> schedules = ScheduleParser.parse(r);
    Optional<ManualParams> manual = ManualParser.parse(r);
    return new Parsed(
        schedules, manual, DrillParser.parse(r, manual, alertDriven), groupBy(r, alertDriven));
  }

  private static List<String> groupBy(Reporter r, boolean alertDriven) {
    JsonNode names = r.json(List.of("group_by"));
    if (!names.isMissingNode() && !alertDriven) {
      r.at(
          r.keyLine(List.of(), "group_by"),
          "group_by: only alert-driven rules (with match) group alerts");
    }
    List<String> out = new ArrayList<>();
    names.forEach(name -> out.add(name.asText())); // the schema checks they are label names
    return out;
  }
}

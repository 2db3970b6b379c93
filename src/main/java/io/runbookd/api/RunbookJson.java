package io.runbookd.api;

import io.runbookd.rules.Criteria;
import io.runbookd.rules.ManualParam;
import io.runbookd.rules.Rule;
import io.runbookd.runs.Catalogue;
import io.runbookd.runs.DrillStatus;
import io.runbookd.schedule.Schedule;
import io.runbookd.store.RunHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shape of {@code GET /api/v1/runbooks}: a runbook, its triggers in words, its last run and drill. */
final class RunbookJson {
  private RunbookJson() {}

  static Map<String, Object> entry(Catalogue.Entry entry) {
    Rule rule = entry.rule();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", rule.id());
    out.put("title", rule.title());
    out.put("description", rule.description());
    out.put("runbook", rule.runbook());
    out.put("priority", rule.priority().map(Enum::name).orElse(null));
    out.put("triggers", triggers(rule));
    out.put("lastRun", entry.lastRun().map(RunbookJson::run).orElse(null));
    out.put("drill", drill(entry.drill()));
    return out;
  }

  private static List<Map<String, Object>> triggers(Rule rule) {
    List<Map<String, Object>> out = new ArrayList<>();
    rule.triggers().match().ifPresent(m -> out.add(alert(m)));
    rule.triggers().schedules().forEach(s -> out.add(schedule(s)));
    rule.triggers().manual().ifPresent(m -> {
      Map<String, Object> manual = new LinkedHashMap<>();
      manual.put("kind", "manual");
      manual.put("params", m.params().stream().map(RunbookJson::param).toList());
      out.add(manual);
    });
    return out;
  }

  /** {@code HighErrorRate{namespace="nba-mcp"} when alert.value > 0.05}. */
  private static Map<String, Object> alert(Criteria match) {
    String matchers = match.matchers().isEmpty() ? ""
        : "{" + String.join(", ", match.matchers().stream().map(Object::toString).toList()) + "}";
    String when = match.when().map(c -> " when " + c.source()).orElse("");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "alert");
    out.put("alertnames", match.alertnames());
    out.put("description", String.join(" or ", match.alertnames()) + matchers + when);
    return out;
  }

  private static Map<String, Object> schedule(Schedule schedule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "schedule");
    out.put("cron", schedule.cron());
    out.put("timezone", schedule.zone().getId());
    out.put("window", ManualParam.json(schedule.window()));
    out.put("description", schedule.describe());
    return out;
  }

  private static Map<String, Object> param(ManualParam p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", p.name());
    out.put("type", p.type().word());
    out.put("required", p.required());
    out.put("default", p.defaultValue().map(ManualParam::json).orElse(null));
    out.put("min", p.min().map(ManualParam::json).orElse(null));
    out.put("max", p.max().map(ManualParam::json).orElse(null));
    out.put("pattern", p.pattern().map(x -> x.pattern()).orElse(null));
    out.put("enum", p.allowed().isEmpty() ? null : p.allowed().stream().map(ManualParam::json).toList());
    out.put("description", p.description());
    return out;
  }

  private static Map<String, Object> run(RunHistory.Run run) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incident", run.incident());
    out.put("status", run.status());
    out.put("trigger", run.trigger());
    out.put("at", run.at().toString());
    return out;
  }

  private static Map<String, Object> drill(DrillStatus drill) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("every", days(drill.every()));
    out.put("lastTested", text(drill.lastTested()));
    out.put("nextTest", text(drill.nextTest()));
    out.put("status", drill.status());
    out.put("incident", drill.incident().orElse(null));
    out.put("result", drill.result().orElse(null));
    out.put("reason", drill.reason().orElse(null));
    return out;
  }

  /** {@code 90d} for whole days, else as rule files write durations. */
  static Object days(java.time.Duration every) {
    return every.toMillis() % 86_400_000L == 0 ? every.toDays() + "d" : ManualParam.json(every);
  }

  private static String text(Optional<Instant> at) {
    return at.map(Instant::toString).orElse(null);
  }
}

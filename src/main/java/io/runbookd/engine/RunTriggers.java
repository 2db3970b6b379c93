package io.runbookd.engine;

import io.runbookd.rules.ManualParam;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepDurations;
import io.runbookd.schedule.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How a runbook that no alert starts is started, in words, for its plan. */
final class RunTriggers {
  private RunTriggers() {}

  static List<String> describe(Rule rule, Map<String, Object> params, Instant now) {
    List<String> out = new ArrayList<>();
    rule.triggers().manual().ifPresent(manual -> {
      List<String> values = new ArrayList<>();
      for (ManualParam param : manual.params()) {
        values.add(param.name() + "=" + params.getOrDefault(param.name(), "?"));
      }
      out.add("by hand" + (values.isEmpty() ? ", without parameters" : ", with " + String.join(", ", values)));
    });
    for (Schedule schedule : rule.triggers().schedules()) {
      out.add("schedule " + schedule.cron() + " (" + schedule.zone() + "), window "
          + StepDurations.show(schedule.window()) + schedule.nextAfter(now).map(s -> "; next slot " + s.start())
              .orElse("; no slot in the next year"));
    }
    rule.triggers().match().ifPresent(m -> out.add("alerts: " + String.join(", ", m.alertnames())));
    return out;
  }
}

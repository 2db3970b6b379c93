package io.runbookd.runs;

import io.runbookd.rules.Criteria;
import io.runbookd.rules.Drill;
import io.runbookd.rules.ManualParams;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.rules.Steps;
import io.runbookd.rules.Triggers;
import io.runbookd.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runbooks for the drill bookkeeping tests: one started by alerts, one by hand, one by the clock. */
final class TestRules {
  private TestRules() {}

  static Rule alert(String id, Duration every) {
    return rule(id, new Triggers(Optional.of(new Criteria(List.of("HighErrorRate"), List.of(), Optional.empty())),
        List.of(), Optional.empty()), every);
  }

  /** An alert-driven runbook whose drill replays {@code example}. */
  static Rule alertWithExample(String id, String example) {
    Rule rule = alert(id, Drill.DEFAULT_EVERY);
    return new Rule(rule.id(), rule.title(), "", "", Optional.empty(), rule.triggers(), rule.file(), rule.version(),
        Steps.none(), new Drill(Drill.DEFAULT_EVERY, Map.of(), Optional.of(example)), List.of());
  }

  static Rule manual(String id) {
    return rule(id, new Triggers(Optional.empty(), List.of(), Optional.of(ManualParams.none())), Drill.DEFAULT_EVERY);
  }

  static Rule scheduled(String id) {
    return rule(id, new Triggers(Optional.empty(), List.of(Schedule.of("0 2 * * SUN", "UTC", Duration.ofHours(2))),
        Optional.empty()), Drill.DEFAULT_EVERY);
  }

  static RuleSet set(Rule... rules) {
    return new RuleSet(List.of(rules));
  }

  private static Rule rule(String id, Triggers triggers, Duration every) {
    return new Rule(id, id + " title", "", "", Optional.empty(), triggers, "rules/" + id + ".yaml", "0123456789ab",
        Steps.none(), new Drill(every, Map.of(), Optional.empty()), List.of());
  }
}

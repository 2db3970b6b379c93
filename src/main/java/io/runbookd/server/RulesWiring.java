package io.runbookd.server;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.ingest.AlertMatcher;
import io.runbookd.rules.Criteria;
import io.runbookd.rules.Match;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleRegistry;
import io.runbookd.rules.RuleSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connects the rules package to the intake and the API. */
final class RulesWiring {
  private RulesWiring() {}

  /** Matches against the rule set in force at the moment each alert arrives. */
  static AlertMatcher matcher(RuleRegistry rules) {
    return alert -> {
      Match match = rules.current().match(alert);
      return new AlertMatcher.Result(
          match.rule().map(Rule::id),
          match.rule().map(Rule::version),
          match.rule().flatMap(Rule::priority),
          match.rule().map(Rule::groupingLabels).orElse(List.of()),
          match.reason());
    };
  }

  static List<Map<String, Object>> describe(RuleSet set) {
    return set.rules().stream().map(RulesWiring::describe).toList();
  }

  private static Map<String, Object> describe(Rule rule) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", rule.id());
    out.put("title", rule.title());
    out.put("description", rule.description());
    out.put("runbook", rule.runbook());
    out.put("priority", rule.priority().map(Enum::name).orElse(null));
    out.put("alertnames", rule.match().map(Criteria::alertnames).orElse(List.of()));
    out.put(
        "matchers",
        rule.match()
            .map(m -> m.matchers().stream().map(Object::toString).toList())
            .orElse(List.of()));
    out.put("when", rule.match().flatMap(Criteria::when).map(c -> c.source()).orElse(null));
    out.put("file", rule.file());
    out.put("version", rule.version());
    return out;
  }

  static AutoCloseable watch(RunbookdConfig.Rules config, RuleRegistry rules) {
    if (!config.watch()) {
      return () -> {};
    }
    io.runbookd.rules.RulesWatcher watcher = new io.runbookd.rules.RulesWatcher(rules);
    watcher.start();
    return watcher;
  }
}

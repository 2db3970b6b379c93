package io.runbookd.cli;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Warns about a rule that cannot finish under the configured guards: more steps of one action
 * (one kind of target) than the blast radius allows an incident, or more mutating steps than the
 * fleet's hourly budget, counting every stage's actions. Such a rule would stop halfway and page,
 * every time.
 */
final class GuardFit {
  private GuardFit() {}

  static List<String> warnings(RuleSet rules, RunbookdConfig.Guards guards) {
    List<String> out = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      List<ActionStep> steps = rule.steps().actions();
      Map<String, Integer> perAction = new TreeMap<>();
      steps.forEach(s -> perAction.merge(s.action(), 1, Integer::sum));
      perAction.forEach((action, n) -> {
        if (n > guards.maxTargetsPerIncident()) {
          out.add(rule.file() + ": warning: " + n + " steps use " + action + " (one kind of target), but"
              + " guards.maxTargetsPerIncident allows " + guards.maxTargetsPerIncident()
              + " targets of a kind per incident: the rule cannot finish");
        }
      });
      if (steps.size() > guards.budgetPerHour()) {
        out.add(rule.file() + ": warning: " + steps.size() + " mutating steps, but guards.budgetPerHour allows "
            + guards.budgetPerHour() + " mutating actions an hour across every rule: the rule cannot finish");
      }
    }
    return out;
  }
}

package io.runbookd.runs;

import io.runbookd.incident.Priority;
import io.runbookd.rules.ManualParam;
import io.runbookd.rules.ManualParams;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.RunStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts a runbook by hand: binds the parameters against its {@code manual} trigger (every problem
 * reported, the first one named), opens the run's incident with who started it and the bound
 * values, and wakes the engine.
 */
public final class ManualRuns {
  private final RunStore runs;
  private final Supplier<RuleSet> rules;
  private final Runnable wake;

  public ManualRuns(RunStore runs, Supplier<RuleSet> rules, Runnable wake) {
    this.runs = runs;
    this.rules = rules;
    this.wake = wake;
  }

  /** @param params the parameters as text, by name, as the API and the CLI pass them */
  public Started start(String ruleId, String by, Map<String, String> params) {
    Optional<Rule> rule = rules.get().byId(ruleId);
    if (rule.isEmpty()) {
      return new Started.Unknown(ruleId);
    }
    Optional<ManualParams> manual = rule.get().triggers().manual();
    if (manual.isEmpty()) {
      return Started.Refused.of("runbook", ruleId + " has no manual trigger: " + startedBy(rule.get()));
    }
    ManualParams.Binding binding = manual.get().bind(params);
    if (!binding.ok()) {
      return refused(binding.problems());
    }
    String id = runs.open(draft(rule.get(), "manual", by, values(binding), rule.get().title()));
    wake.run();
    return new Started.Opened(id);
  }

  /** Binding problems start with the parameter's name: the first names the field. */
  static Started.Refused refused(List<String> problems) {
    String first = problems.get(0);
    int colon = first.indexOf(':');
    return new Started.Refused(colon > 0 ? "params." + first.substring(0, colon) : "params", first, problems);
  }

  /** The bound values as the run's trigger stores them (JSON: durations as text). */
  static Map<String, Object> values(ManualParams.Binding binding) {
    Map<String, Object> out = new LinkedHashMap<>();
    binding.values().forEach((name, value) -> out.put(name, ManualParam.json(value)));
    return out;
  }

  /** A run of the rule with a fresh key, so each run is its own incident. */
  static RunStore.Draft draft(Rule rule, String kind, String by, Map<String, Object> params, String title) {
    return new RunStore.Draft(rule.id(), rule.version(), title, rule.priority().orElse(Priority.P3).name(), kind,
        Fresh.hex(12), by, params, Optional.empty());
  }

  private static String startedBy(Rule rule) {
    return rule.triggers().alertDriven() ? "alerts start it" : "its schedule starts it";
  }
}

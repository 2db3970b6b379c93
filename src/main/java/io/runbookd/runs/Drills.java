package io.runbookd.runs;

import io.runbookd.alert.Alert;
import io.runbookd.incident.Incident;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.rules.ManualParams;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.DrillStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.RunStore;
import io.runbookd.store.StepStore;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts drills and records their results. A drill is a run of the runbook whose trigger is {@code
 * drill} (the engine runs it in dry-run: probes really run, nothing is changed): with {@code
 * drill.params} when the rule gives them, else with its example alert when alerts start it, else
 * with its manual parameters' defaults, else (a scheduled runbook) with none. Its result is written
 * once its incident rests ({@link DrillVerdict}); a drill still running after a day fails.
 */
public final class Drills {
  static final Duration MAX_RUNNING = Duration.ofDays(1);
  private static final int SETTLE_BATCH = 100;

  private final Store store;
  private final RunStore runs;
  private final DrillStore drills;
  private final IncidentStore incidents;
  private final StepStore steps;
  private final Supplier<RuleSet> rules;
  private final ExampleAlerts examples;
  private final Runnable wake;
  private final Clock clock;

  public Drills(Store store, IncidentStore incidents, RunStore runs, Supplier<RuleSet> rules, Path rulesDir,
      Runnable wake, Clock clock) {
    this.store = store;
    this.runs = runs;
    this.drills = new DrillStore(store);
    this.incidents = incidents;
    this.steps = new StepStore(store);
    this.rules = rules;
    this.examples = new ExampleAlerts(rulesDir);
    this.wake = wake;
    this.clock = clock;
  }

  public Started start(String ruleId, String by) {
    Optional<Rule> rule = rules.get().byId(ruleId);
    if (rule.isEmpty()) {
      return new Started.Unknown(ruleId);
    }
    boolean withParams = !rule.get().drill().params().isEmpty() || !rule.get().triggers().alertDriven();
    return withParams ? withParams(rule.get(), by) : withExample(rule.get(), by);
  }

  private Started withParams(Rule rule, String by) {
    ManualParams manual = rule.triggers().manual().orElse(ManualParams.none());
    ManualParams.Binding binding = manual.bind(rule.drill().params());
    if (!binding.ok()) {
      return new Started.Refused("drill.params", binding.problems().get(0), binding.problems());
    }
    RunStore.Draft draft = ManualRuns.draft(rule, "drill", by, ManualRuns.values(binding), rule.title());
    return opened(store.write(tx -> started(tx, runs.open(tx, draft), rule, by)));
  }

  private Started withExample(Rule rule, String by) {
    ExampleAlerts.Found found = examples.find(rule);
    if (found instanceof ExampleAlerts.Found.Missing missing) {
      return Started.Refused.of(missing.field(), missing.reason());
    }
    ExampleAlerts.Found.Example example = (ExampleAlerts.Found.Example) found;
    Alert alert = ExampleAlerts.replay(example.alert(), clock.instant());
    RunStore.Draft draft = ManualRuns.draft(rule, "drill", by, Map.of(), alert.alertname());
    return opened(store.write(tx -> {
      String id = started(tx, runs.open(tx, draft, alert), rule, by);
      Timeline.append(tx, id, TimelineLine.of("drill", "replays the example alert " + alert.alertname() + " of "
          + example.source() + " as fingerprint " + alert.fingerprint()));
      return id;
    }));
  }

  private static String started(io.runbookd.store.Tx tx, String id, Rule rule, String by) {
    DrillStore.started(tx, id, rule.id(), by);
    return id;
  }

  private Started opened(String id) {
    wake.run();
    return new Started.Opened(id);
  }

  /** Writes the result of every running drill whose incident rests; returns how many it wrote. */
  public int settle() {
    int written = 0;
    for (DrillStore.Drill drill : drills.running(SETTLE_BATCH)) {
      Optional<DrillVerdict> verdict = verdict(drill);
      if (verdict.isPresent() && write(drill, verdict.get())) {
        written++;
      }
    }
    return written;
  }

  private Optional<DrillVerdict> verdict(DrillStore.Drill drill) {
    Optional<Incident> incident = incidents.get(drill.incidentId());
    if (incident.isEmpty()) {
      return Optional.of(DrillVerdict.fail("its incident " + drill.incidentId() + " is gone"));
    }
    boolean hasFixes = rules.get().byId(drill.ruleId()).map(r -> !r.steps().remediate().isEmpty()).orElse(true);
    Optional<DrillVerdict> verdict = DrillVerdict.of(incident.get(), steps.steps(drill.incidentId()), hasFixes,
        incident.get().status().inFlight() ? "" : lastStatus(drill.incidentId()));
    if (verdict.isEmpty() && clock.instant().isAfter(drill.startedAt().plus(MAX_RUNNING))) {
      return Optional.of(DrillVerdict.fail("did not finish within " + MAX_RUNNING.toHours() + " hours; its incident is "
          + incident.get().status().wire()));
    }
    return verdict;
  }

  private String lastStatus(String incidentId) {
    List<TimelineEntry> timeline = incidents.timeline(incidentId);
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).kind().equals("status")) {
        return timeline.get(i).message();
      }
    }
    return "no status recorded";
  }

  private boolean write(DrillStore.Drill drill, DrillVerdict verdict) {
    String result = verdict.pass() ? DrillStore.PASS : DrillStore.FAIL;
    return store.write(tx -> {
      if (!DrillStore.finish(tx, drill.incidentId(), result, verdict.reason())) {
        return false;
      }
      DrillStore.resolveReplayedAlert(tx, drill.incidentId());
      Timeline.append(tx, drill.incidentId(), TimelineLine.of("drill",
          "drill " + result.toUpperCase(java.util.Locale.ROOT) + ": " + verdict.reason()));
      return true;
    });
  }
}

package io.runbookd.runs;

import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.DrillStore;
import io.runbookd.store.RunHistory;
import io.runbookd.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Every loaded runbook with its last run and its drill status, as {@code GET /api/v1/runbooks} lists them. */
public final class Catalogue {
  private final Supplier<RuleSet> rules;
  private final DrillStore drills;
  private final RunHistory history;
  private final Clock clock;

  public Catalogue(Store store, Supplier<RuleSet> rules, Clock clock) {
    this.rules = rules;
    this.drills = new DrillStore(store);
    this.history = new RunHistory(store);
    this.clock = clock;
  }

  /** One runbook: the rule, its newest run that was not a drill, and its line of the testing table. */
  public record Entry(Rule rule, Optional<RunHistory.Run> lastRun, DrillStatus drill) {}

  public List<Entry> entries() {
    Map<String, DrillStore.Latest> latest = drills.latest();
    DrillStore.Latest none = new DrillStore.Latest(Optional.empty(), Optional.empty());
    return rules.get().rules().stream().map(rule -> new Entry(rule, history.lastRun(rule.id()),
        DrillStatus.of(rule, latest.getOrDefault(rule.id(), none), scheduled(rule), clock.instant()))).toList();
  }

  private Optional<RunHistory.Run> scheduled(Rule rule) {
    return rule.triggers().scheduled() ? history.lastScheduled(rule.id()) : Optional.empty();
  }
}

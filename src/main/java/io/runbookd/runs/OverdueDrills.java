package io.runbookd.runs;

import io.runbookd.escalation.Escalations;
import io.runbookd.incident.Priority;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.DrillStore;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Finds runbooks whose drill is overdue and pages each once per overdue period, at P3. A runbook's
 * drill is due {@code drill.every} after its last finished drill began, or, never drilled, after
 * runbookd began watching it (a fresh install is not overdue on its first day). Scheduled runbooks
 * are exercised by their schedule and are never overdue. The page is claimed in the store, so of
 * several replicas one pages; several runbooks overdue at once share a page (one storm).
 */
public final class OverdueDrills {
  static final String STORM = "drills:overdue";

  private final Store store;
  private final DrillStore drills;
  private final Supplier<RuleSet> rules;
  private final Escalations escalations;
  private final Clock clock;
  private final AtomicInteger overdue = new AtomicInteger();

  public OverdueDrills(Store store, Supplier<RuleSet> rules, Escalations escalations, Clock clock) {
    this.store = store;
    this.drills = new DrillStore(store);
    this.rules = rules;
    this.escalations = escalations;
    this.clock = clock;
  }

  /** How many runbooks' drills were overdue at the last check ({@code runbookd_drills_overdue}). */
  public int overdue() {
    return overdue.get();
  }

  /** Looks at every runbook once; pages the newly overdue; returns how many are overdue. */
  public int check() {
    Map<String, DrillStore.Watch> watches = drills.watches();
    Map<String, DrillStore.Latest> latest = drills.latest();
    Instant now = clock.instant();
    int count = 0;
    for (Rule rule : rules.get().rules()) {
      DrillStore.Watch watch = watches.get(rule.id());
      if (rule.triggers().scheduled()) {
        continue;
      }
      if (watch == null) {
        store.write(tx -> {
          DrillStore.watch(tx, rule.id());
          return null;
        });
        continue;
      }
      Optional<Instant> tested = Optional.ofNullable(latest.get(rule.id()))
          .flatMap(DrillStore.Latest::finished).map(DrillStore.Drill::startedAt);
      Instant due = tested.orElse(watch.watchedSince()).plus(rule.drill().every());
      if (now.isBefore(due)) {
        continue;
      }
      count++;
      if (!watch.pagedDue().equals(Optional.of(due))) {
        page(rule, due, tested, watch.watchedSince());
      }
    }
    overdue.set(count);
    return count;
  }

  private void page(Rule rule, Instant due, Optional<Instant> tested, Instant watchedSince) {
    String title = rule.id() + " " + rule.title() + ": drill overdue";
    String reason = "drill overdue: " + rule.id() + (tested.isPresent() ? " was last drilled on " + tested.get()
        : " was never drilled since runbookd began watching it on " + watchedSince) + " (every "
        + rule.drill().every().toDays() + "d), due since " + due + "; run `runbookd drill " + rule.id() + "`";
    store.write(tx -> {
      if (!DrillStore.claimOverduePage(tx, rule.id(), due)) {
        return false;
      }
      String id = DrillStore.overdueNotice(tx, rule.id(), title, due, reason);
      Escalations.Paged paged = escalations.page(tx, new Escalations.PageRequest(id, STORM, "overdue drills",
          Priority.P3, title, reason, List.of(), List.of(), rule.steps().escalate().pagers()));
      Timeline.append(tx, id, TimelineLine.of("paging", paged.line()));
      return true;
    });
  }
}

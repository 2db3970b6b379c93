package io.runbookd.engine;

import io.runbookd.escalation.Escalations;
import io.runbookd.incident.Priority;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.schedule.Schedule;
import io.runbookd.schedule.Slot;
import io.runbookd.store.RunStore;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts scheduled runbooks. Each slot runs once, across replicas and restarts: the replica that
 * claims the slot in the store opens its run. A slot whose window is still open when runbookd
 * gets to it (it was down at the start) runs late, until its window closes; a slot whose window
 * closed while nobody ran is recorded as missed and paged at P3.
 */
public final class Scheduler {
  private static final int SLOTS_PER_TICK = 50;

  private final Store store;
  private final RunStore runs;
  private final Escalations escalations;
  private final Supplier<RuleSet> rules;
  private final Runnable wake;
  private final Clock clock;

  public Scheduler(Store store, RunStore runs, Escalations escalations, Supplier<RuleSet> rules, Runnable wake,
      Clock clock) {
    this.store = store;
    this.runs = runs;
    this.escalations = escalations;
    this.rules = rules;
    this.wake = wake;
    this.clock = clock;
  }

  /** Looks at every schedule once; returns how many slots it started or recorded missed. */
  public int tick() {
    int handled = 0;
    for (Rule rule : rules.get().rules()) {
      for (Schedule schedule : rule.triggers().schedules()) {
        handled += slots(rule, schedule);
      }
    }
    if (handled > 0) {
      wake.run();
    }
    return handled;
  }

  private int slots(Rule rule, Schedule schedule) {
    Instant now = clock.instant();
    Instant since = store.write(tx -> runs.watchedSince(tx, rule.id()));
    int handled = 0;
    for (Slot slot : schedule.slotsBetween(since.minus(schedule.window()), now, SLOTS_PER_TICK)) {
      if (slot.end().isAfter(now)) {
        handled += start(rule, slot) ? 1 : 0;
      } else if (!slot.start().isBefore(since)) {
        handled += missed(rule, slot) ? 1 : 0;
      }
    }
    return handled;
  }

  private boolean start(Rule rule, Slot slot) {
    return store.write(tx -> {
      if (!runs.claimSlot(tx, rule.id(), slot.id(), "run")) {
        return false;
      }
      String id = runs.open(tx, draft(rule, slot));
      runs.slotIncident(tx, rule.id(), slot.id(), id);
      if (tx.now().isAfter(slot.start())) {
        Timeline.append(tx, id, TimelineLine.of("late_start", "runbookd was not running when the slot began at "
            + slot.start() + "; its window is open until " + slot.end() + ", so it runs now"));
      }
      return true;
    });
  }

  private boolean missed(Rule rule, Slot slot) {
    return store.write(tx -> {
      if (!runs.claimSlot(tx, rule.id(), slot.id(), "missed")) {
        return false;
      }
      String reason = "escalated: missed: the slot " + slot.start() + " to " + slot.end()
          + " passed while no runbookd ran; " + rule.id() + " did not run";
      String id = runs.missed(tx, draft(rule, slot), reason);
      runs.slotIncident(tx, rule.id(), slot.id(), id);
      Escalations.Paged paged = escalations.page(tx, new Escalations.PageRequest(id, "missed:" + rule.id(), rule.id(),
          Priority.P3, rule.id() + " " + rule.title() + ": scheduled run missed", reason, List.of(), List.of(),
          rule.steps().escalate().pagers()));
      Timeline.append(tx, id, TimelineLine.of("paging", paged.line()));
      return true;
    });
  }

  private static RunStore.Draft draft(Rule rule, Slot slot) {
    return new RunStore.Draft(rule.id(), rule.version(), rule.title(), rule.priority().orElse(Priority.P3).name(),
        "schedule", slot.id(), "schedule", Map.of(), Optional.of(slot.end()));
  }
}

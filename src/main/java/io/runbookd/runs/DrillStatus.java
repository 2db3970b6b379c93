package io.runbookd.runs;

import io.runbookd.rules.Rule;
import io.runbookd.schedule.Slot;
import io.runbookd.store.DrillStore;
import io.runbookd.store.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A runbook's line in the runbook testing table. A scheduled runbook is ACTIVE: its schedule
 * exercises it (last tested: its last scheduled run; next test: its next slot). Any other is DUE
 * when it was never drilled or its last finished drill is {@code drill.every} old, else PASS or FAIL
 * as that drill ended.
 *
 * @param status {@code PASS}, {@code FAIL}, {@code DUE} or {@code ACTIVE}
 * @param incident the newest drill's incident
 * @param result the newest drill's result: {@code RUNNING}, {@code PASS} or {@code FAIL}
 * @param reason why the newest drill passed or failed
 */
public record DrillStatus(Duration every, Optional<Instant> lastTested, Optional<Instant> nextTest, String status,
    Optional<String> incident, Optional<String> result, Optional<String> reason) {

  public static final String PASS = "PASS";
  public static final String FAIL = "FAIL";
  public static final String DUE = "DUE";
  public static final String ACTIVE = "ACTIVE";

  static DrillStatus of(Rule rule, DrillStore.Latest drills, Optional<RunHistory.Run> lastScheduled, Instant now) {
    Optional<DrillStore.Drill> newest = drills.newest();
    Optional<String> incident = newest.map(DrillStore.Drill::incidentId);
    Optional<String> result = newest.map(d -> d.result().toUpperCase(Locale.ROOT));
    Optional<String> reason = newest.flatMap(DrillStore.Drill::reason);
    Duration every = rule.drill().every();
    if (rule.triggers().scheduled()) {
      return new DrillStatus(every, lastScheduled.map(RunHistory.Run::at), nextSlot(rule, now), ACTIVE, incident,
          result, reason);
    }
    Optional<Instant> tested = drills.finished().map(DrillStore.Drill::startedAt);
    Optional<Instant> next = tested.map(t -> t.plus(every));
    String status = next.isEmpty() || !now.isBefore(next.get()) ? DUE
        : drills.finished().get().result().toUpperCase(Locale.ROOT);
    return new DrillStatus(every, tested, next, status, incident, result, reason);
  }

  private static Optional<Instant> nextSlot(Rule rule, Instant now) {
    return rule.triggers().schedules().stream().map(s -> s.nextAfter(now)).flatMap(Optional::stream)
        .map(Slot::start).min(Instant::compareTo);
  }
}

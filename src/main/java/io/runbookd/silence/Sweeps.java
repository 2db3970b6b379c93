package io.runbookd.silence;

import io.runbookd.http.HttpTarget;
import io.runbookd.store.SilenceRow;
import io.runbookd.store.SilenceRow.State;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * When each Alertmanager is swept ({@link Recovery}): at start, every {@link #PERIOD}, and when a
 * row has waited past {@link #GRACE} for a silence id (its create got no answer, or runbookd
 * stopped before recording it). After a sweep, such a row that Alertmanager has no silence for
 * was never created: it is created again if still wanted, else recorded as never created.
 */
final class Sweeps {
  static final Duration GRACE = Duration.ofSeconds(30);
  static final Duration PERIOD = Duration.ofMinutes(10);

  private final Recovery recovery;
  private final SilenceCalls calls;
  private final Map<String, HttpTarget> alertmanagers;
  private final Map<String, Instant> lastSwept = new HashMap<>();
  private final Map<String, Instant> lastTried = new HashMap<>();
  private final Map<String, Set<String>> justFound = new HashMap<>();

  Sweeps(Recovery recovery, SilenceCalls calls, Map<String, HttpTarget> alertmanagers) {
    this.recovery = recovery;
    this.calls = calls;
    this.alertmanagers = Map.copyOf(alertmanagers);
  }

  /** Sweeps every Alertmanager that is due, against the live rows. */
  void run(List<SilenceRow> live, Instant now) throws InterruptedException {
    justFound.clear();
    Map<String, SilenceRow> byId = live.stream().collect(Collectors.toMap(SilenceRow::id, Function.identity()));
    for (Map.Entry<String, HttpTarget> am : alertmanagers.entrySet()) {
      if (due(am.getKey(), live, now)) {
        lastTried.put(am.getKey(), now);
        Optional<Set<String>> found = recovery.sweep(am.getValue(), byId);
        if (found.isPresent()) {
          lastSwept.put(am.getKey(), now);
          justFound.put(am.getKey(), found.get());
        }
      }
    }
  }

  /** Never swept since start, or long ago, or holding rows that wait; a failed try waits a grace. */
  private boolean due(String am, List<SilenceRow> live, Instant now) {
    Instant tried = lastTried.get(am);
    if (tried != null && tried.plus(GRACE).isAfter(now)) {
      return false;
    }
    Instant last = lastSwept.get(am);
    return last == null
        || !last.plus(PERIOD).isAfter(now)
        || live.stream().anyMatch(r -> r.alertmanager().equals(am) && waiting(r, now));
  }

  /** Settles the rows that waited for an id and that this pass's sweep did not find. */
  void retry(List<SilenceRow> live, List<Wanted> wanted, Instant now) throws InterruptedException {
    Map<String, Wanted> bySpec = wanted.stream().collect(Collectors.toMap(Wanted::spec, w -> w, (a, b) -> a));
    for (SilenceRow row : live) {
      if (!waiting(row, now)) {
        continue;
      }
      if (!alertmanagers.containsKey(row.alertmanager())) {
        calls.neverCreated(row, "its Alertmanager is no longer configured");
        continue;
      }
      Set<String> found = justFound.get(row.alertmanager());
      if (found == null || found.contains(row.id())) {
        continue;
      }
      Wanted again = bySpec.get(row.spec());
      if (row.state() == State.CREATING && again != null) {
        calls.send(row.id(), again, false);
      } else {
        calls.neverCreated(row, "Alertmanager has no silence of it");
      }
    }
  }

  /** A row that has waited past the grace for its silence id. */
  private static boolean waiting(SilenceRow row, Instant now) {
    return row.silenceId().isEmpty()
        && (row.state() == State.CREATING || row.state() == State.EXPIRING)
        && !row.updatedAt().plus(GRACE).isAfter(now);
  }
}

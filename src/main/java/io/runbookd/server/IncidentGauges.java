package io.runbookd.server;

import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentCounts;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code runbookd_incidents_open{status}}: incidents not ended, by status. One grouped count in the
 * store every {@link #EVERY}, on a thread of its own; a scrape reads the last count from memory, so
 * {@code /metrics} never waits for the store. Every replica of one store exports the same counts
 * (dashboards take the max across replicas, not the sum).
 */
final class IncidentGauges implements Runnable {
  static final Duration EVERY = Duration.ofSeconds(5);

  private final IncidentCounts counts;
  private volatile Map<String, Long> last = Map.of();

  IncidentGauges(IncidentCounts counts, Metrics metrics) {
    this.counts = counts;
    // A resolved incident has ended, so it is never open: no series for it.
    metrics.incidentsOpen(Arrays.stream(IncidentStatus.values()).filter(s -> s != IncidentStatus.RESOLVED)
        .map(IncidentStatus::wire).toList(), status -> last.getOrDefault(status, 0L));
  }

  /** Counts again; a store that does not answer keeps the last counts (the ticker logs the failure). */
  @Override
  public void run() {
    last = Map.copyOf(counts.openByStatus());
  }
}

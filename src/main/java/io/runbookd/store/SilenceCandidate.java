package io.runbookd.store;

import io.runbookd.incident.IncidentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open, unacknowledged, alert-driven incident that runbookd is working on, with the label sets
 * of its firing alerts.
 *
 * @param createdAt when the incident opened
 * @param verifyDeadline the end of its verification window, once verification started
 * @param labelSets the label sets of its firing alerts, one per fingerprint, at most the limit
 *     asked for, by fingerprint
 * @param firing how many distinct firing alerts (fingerprints) it has in all
 */
public record SilenceCandidate(
    String id,
    String ruleId,
    IncidentStatus status,
    Instant createdAt,
    Optional<Instant> verifyDeadline,
    List<Map<String, String>> labelSets,
    int firing) {
  public SilenceCandidate {
    labelSets = List.copyOf(labelSets);
  }
}

package io.runbookd.incident;

import io.runbookd.alert.Alert;
import java.util.Optional;

/**
 * What the intake hands to the store for one alert: the alert, the runbook it matched (snapshot
 * of its id and version) and the reason, and the priority it gets.
 *
 * @param incidentId the episode's id, computed once (it is a hash, and the intake's writer
 *     thread, the busiest one, asks for it several times per alert)
 */
public record IncidentDraft(
    Alert alert,
    Optional<String> ruleId,
    Optional<String> ruleVersion,
    String matchReason,
    Priority priority,
    String incidentId) {

  public IncidentDraft(
      Alert alert,
      Optional<String> ruleId,
      Optional<String> ruleVersion,
      String matchReason,
      Priority priority) {
    this(alert, ruleId, ruleVersion, matchReason, priority,
        new EpisodeKey(alert.fingerprint(), alert.startsAt()).incidentId());
  }

  public EpisodeKey episode() {
    return new EpisodeKey(alert.fingerprint(), alert.startsAt());
  }
}

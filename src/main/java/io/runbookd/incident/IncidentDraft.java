package io.runbookd.incident;

import io.runbookd.alert.Alert;
import java.util.Optional;

/**
 * What the intake hands to the store for one alert: the alert, the runbook it matched (snapshot
 * of its id and version) and the reason, and the priority it gets.
 */
public record IncidentDraft(
    Alert alert,
    Optional<String> ruleId,
    Optional<String> ruleVersion,
    String matchReason,
    Priority priority) {

  public EpisodeKey episode() {
    return new EpisodeKey(alert.fingerprint(), alert.startsAt());
  }

  public String incidentId() {
    return episode().incidentId();
  }
}

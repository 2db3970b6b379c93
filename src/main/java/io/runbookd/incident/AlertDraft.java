package io.runbookd.incident;

import io.runbookd.alert.Alert;
import java.util.Optional;

/**
 * What the intake hands the store for one alert: the alert and its id, the group (problem) it
 * belongs to, the runbook that covers it (id and version snapshotted) with the reason, and the
 * priority it asks for.
 */
public record AlertDraft(
    Alert alert,
    String alertId,
    GroupKey group,
    Optional<String> ruleId,
    Optional<String> ruleVersion,
    String matchReason,
    Priority priority) {

  public AlertDraft(Alert alert, GroupKey group, Optional<String> ruleId, Optional<String> ruleVersion,
      String matchReason, Priority priority) {
    this(alert, new EpisodeKey(alert.fingerprint(), alert.startsAt()).id(), group, ruleId, ruleVersion,
        matchReason, priority);
  }

  public EpisodeKey episode() {
    return new EpisodeKey(alert.fingerprint(), alert.startsAt());
  }

  /** The incident id this alert would give a group that has no open incident. */
  public String proposedIncidentId() {
    return group.incidentId(alertId);
  }
}

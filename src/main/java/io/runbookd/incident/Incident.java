package io.runbookd.incident;

import io.runbookd.alert.Alert;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An incident as stored: one problem (the alerts of one group, or one run of a runbook), the
 * runbook that covers it, and where it stands.
 *
 * @param groupLabels the labels that define its group
 * @param trigger what opened it: {@code alert}, {@code schedule}, {@code manual} or {@code drill}
 * @param firstAlert the alert that opened it (what the runbook's expressions read as {@code
 *     alert}); empty for a run that no alert started
 * @param alertCount the alert episodes it holds; {@code firingCount} of them still fire
 * @param matchReason why the rule matched (or why none did), as recorded at intake
 * @param verifyDeadline while verifying: when the rule's verification window closes
 * @param windowEnd for a scheduled run: when its window closes (it stops at a step boundary)
 */
public record Incident(
    String id,
    Optional<String> rule,
    Optional<String> ruleVersion,
    IncidentStatus status,
    Priority priority,
    String alertname,
    Map<String, String> groupLabels,
    Trigger trigger,
    Optional<Alert> firstAlert,
    int alertCount,
    int firingCount,
    String matchReason,
    Instant firstSeen,
    Instant lastSeen,
    Instant createdAt,
    Instant updatedAt,
    Optional<Instant> endedAt,
    Optional<String> ackedBy,
    Optional<Instant> verifyDeadline,
    Optional<Instant> windowEnd) {

  public Incident {
    groupLabels = Map.copyOf(groupLabels);
  }

  /** What opened an incident, and with what (JSON: the schedule slot, who and which parameters). */
  public record Trigger(String kind, Optional<String> data) {
    public static final Trigger ALERT = new Trigger("alert", Optional.empty());
  }

  /** The alert the runbook reads: the first one, or an empty one for a run without alerts. */
  public Alert alert() {
    return firstAlert.orElseGet(() -> new Alert(Alert.Status.FIRING, Map.of("alertname", alertname),
        Map.of(), createdAt, Optional.empty(), "", ""));
  }

  /** The fingerprint of its first alert ("" for a run without alerts). */
  public String fingerprint() {
    return firstAlert.map(Alert::fingerprint).orElse("");
  }

  /** When its first alert started (or the run was created). */
  public Instant startsAt() {
    return firstAlert.map(Alert::startsAt).orElse(createdAt);
  }
}

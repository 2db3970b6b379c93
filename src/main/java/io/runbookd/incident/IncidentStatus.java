package io.runbookd.incident;

import java.util.Locale;
import java.util.Optional;

/** Where an incident stands; the wire form is the lower-case name. */
public enum IncidentStatus {
  /** A runbook covers the alert; its work has not started. */
  MATCHED,
  /** No runbook covers the alert; it is recorded and escalated by severity. */
  UNMATCHED,
  /** Alertmanager reported the alert resolved, or the runbook fixed and verified it. */
  RESOLVED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IncidentStatus> parse(String text) {
    for (IncidentStatus status : values()) {
      if (status.wire().equals(text)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}

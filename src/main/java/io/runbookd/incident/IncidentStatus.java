package io.runbookd.incident;

import java.util.Locale;
import java.util.Optional;

/** Where an incident stands; the wire form is the lower-case name. */
public enum IncidentStatus {
  /** A runbook covers the alert; its work has not started. */
  MATCHED,
  /** The runbook's probes are running. */
  DIAGNOSING,
  /** The runbook's remediation steps are being decided and run. */
  ACTING,
  /** An action waits for a human to approve or deny it. */
  AWAITING_APPROVAL,
  /** Actions ran; waiting for the verification condition to hold. */
  VERIFYING,
  /** The fix held its verification; the incident ends when its alerts have resolved too. */
  VERIFIED,
  /** No runbook covers the alert; it is recorded and escalated by severity. */
  UNMATCHED,
  /**
   * Ended: every alert resolved and the runbook had nothing left to verify (or a run finished).
   * The only status that ends an incident; a new alert of its group then opens a new one.
   */
  RESOLVED,
  /** Automation handed the incident to a human; the timeline says why. */
  ESCALATED,
  /** runbookd itself could not run the runbook (e.g. the rule is gone); a human was paged. */
  FAILED;

  /** Whether the runbook is still working on it (diagnosing, acting, waiting, verifying). */
  public boolean inFlight() {
    return this == MATCHED
        || this == DIAGNOSING
        || this == ACTING
        || this == AWAITING_APPROVAL
        || this == VERIFYING;
  }

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

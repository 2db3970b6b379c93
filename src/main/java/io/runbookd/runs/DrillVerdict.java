package io.runbookd.runs;

import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.StepRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a drill passed, read from its incident once it rests (escalated, verified, resolved,
 * failed): it passes when every probe answered and the plan reached at least one fix (a
 * remediation step planned), or, for a runbook without remediation steps, when every probe
 * answered. Otherwise it fails, naming the probes that failed or saying that no fix was reached.
 *
 * @param reason one line: what the drill reached, or why it failed
 */
record DrillVerdict(boolean pass, String reason) {
  static final int MAX_REASON = 1000;

  static DrillVerdict fail(String reason) {
    return new DrillVerdict(false, bounded(reason));
  }

  /**
   * The verdict on a drill's incident; empty while the runbook still works on it.
   *
   * @param hasFixes whether the runbook has remediation steps
   * @param lastStatus the incident's last status line (why it rests), for the reason
   */
  static Optional<DrillVerdict> of(Incident incident, Map<String, StepRecord> steps, boolean hasFixes,
      String lastStatus) {
    if (incident.status().inFlight()) {
      return Optional.empty();
    }
    List<String> failed = steps.entrySet().stream()
        .filter(e -> e.getKey().startsWith("diagnose:") && !"succeeded".equals(e.getValue().status()))
        .map(e -> e.getKey().substring("diagnose:".length()) + " (" + e.getValue().detail().orElse("no answer") + ")")
        .toList();
    long answered = steps.entrySet().stream()
        .filter(e -> e.getKey().startsWith("diagnose:") && "succeeded".equals(e.getValue().status())).count();
    List<String> fixes = steps.entrySet().stream()
        .filter(e -> e.getKey().startsWith("remediate:") && planned(e.getValue().status()))
        .map(e -> e.getKey().substring("remediate:".length())).toList();
    if (!failed.isEmpty()) {
      return Optional.of(fail(failed.size() + " probes failed: " + String.join(", ", failed)));
    }
    if (incident.status() == IncidentStatus.FAILED) {
      return Optional.of(fail("the run failed: " + lastStatus));
    }
    if (hasFixes && fixes.isEmpty()) {
      return Optional.of(fail("no fix was reached: " + lastStatus));
    }
    String reached = fixes.isEmpty() ? "" : "; fixes planned: " + String.join(", ", fixes);
    return Optional.of(new DrillVerdict(true, bounded("every probe answered (" + answered + ")" + reached)));
  }

  /** A fix the plan reached: planned in dry-run (a drill never acts), or done. */
  private static boolean planned(String status) {
    return "planned".equals(status) || "done".equals(status);
  }

  private static String bounded(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
  }
}

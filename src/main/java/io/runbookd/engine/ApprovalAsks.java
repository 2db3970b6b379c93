package io.runbookd.engine;

import io.runbookd.escalation.ApprovalNotice;
import io.runbookd.incident.Incident;
import io.runbookd.rules.Escalation;
import io.runbookd.rules.Rule;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What escalation is told when something of the incident's starts waiting for a human's approval
 * (an action step, an undo, a gate): the incident and its rule, plus plain fields about the wait.
 */
final class ApprovalAsks {
  private ApprovalAsks() {}

  /**
   * @param stepId the id the approval is stored under ({@code GuardStore.requestApproval}): the
   *     decision and the follow-up are matched to the notice by it
   * @param willRun exactly what runs once approved, already redacted (e.g. {@code
   *     BoundAction.describe()})
   * @param why why it waits (the deciding guard's reason)
   */
  static ApprovalNotice notice(Incident incident, Rule rule, String stepId, String willRun, String why,
      Instant deadline) {
    Escalation escalation = rule.steps().escalate();
    return new ApprovalNotice(incident.id(), rule.id(), title(incident, rule),
        escalation.priority().orElse(incident.priority()), stepId, willRun, why, deadline, escalation.pagers());
  }

  /** "RB-101 high error rate: HighErrorRate (deployment=nba-mcp)": the group's labels tell incidents apart. */
  private static String title(Incident incident, Rule rule) {
    Map<String, String> labels = new TreeMap<>(incident.groupLabels());
    labels.remove("alertname");
    StringBuilder title = new StringBuilder(rule.id()).append(' ').append(rule.title()).append(": ")
        .append(incident.alertname());
    if (!labels.isEmpty()) {
      title.append(" (");
      labels.forEach((name, value) -> title.append(name).append('=').append(value).append(", "));
      title.setLength(title.length() - 2);
      title.append(')');
    }
    return title.toString();
  }
}

package io.runbookd.escalation;

import io.runbookd.incident.Priority;
import java.time.Instant;
import java.util.List;

/**
 * A step waits for a human's approval: what a pager with buttons (Slack) is told, so that someone
 * can approve or deny it where they are. Label text in it is data; the pager renders it inert.
 *
 * @param stepId the waiting step, as its approval is stored (the decision and the follow-up meet
 *     on it)
 * @param title the incident in one line, e.g. "RB-101 high error rate: HighErrorRate"
 * @param willRun exactly what runs once approved: the action and its target, already redacted
 * @param why why it needs approval (the guard's reason)
 * @param deadline when the wait ends without a decision
 * @param rulePagers the rule's own pagers; those of them that carry buttons are asked, else every
 *     configured pager that does
 */
public record ApprovalNotice(String incidentId, String ruleId, String title, Priority priority, String stepId,
    String willRun, String why, Instant deadline, List<String> rulePagers) {
  public ApprovalNotice {
    rulePagers = List.copyOf(rulePagers);
  }
}

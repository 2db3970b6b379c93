package io.runbookd.escalation;

import io.runbookd.incident.Priority;
import io.runbookd.store.Tx;
import java.util.List;

/**
 * What the engine asks of escalation. Every call runs in the caller's transaction, so the
 * decision (escalate, end, acknowledge) and what it does to pages commit together.
 */
public interface Escalations {

  /**
   * Why and about what a human is told.
   *
   * @param stormKey incidents with the same key (one runbook, or one alert name) may share a page
   * @param what the runbook or alert name, for the page's title when it summarises several
   * @param rulePagers the rule's own pagers, empty when the policy decides
   */
  record PageRequest(String incidentId, String stormKey, String what, Priority priority, String title,
      String reason, List<String> findings, List<String> actions, List<String> rulePagers) {
    public PageRequest {
      findings = List.copyOf(findings);
      actions = List.copyOf(actions);
      rulePagers = List.copyOf(rulePagers);
    }
  }

  /**
   * What paging did: one line for the timeline, and when a deferred update of the page may go
   * out (pages are updated at most once per {@code stormUpdateEvery}).
   */
  record Paged(String line, java.util.Optional<java.time.Instant> updateDueAt) {}

  /**
   * Pages the incident: on its storm's open page of the same priority if there is one (an
   * update of that page), else on a page of its own. An incident already paged has its page
   * updated, or, when it became more urgent than its page, moves to a page of its priority.
   */
  Paged page(Tx tx, PageRequest request);

  /** The incident ended: its page is resolved when no incident on it is open any more. */
  void ended(Tx tx, String incidentId);

  /** A human took the incident: its page is acknowledged and its next levels are cancelled. */
  void acknowledged(Tx tx, String incidentId);

  /**
   * A step started waiting for approval: the pagers that carry buttons (Slack) are asked, once per
   * incident and step however often this is called, through the outbox. Other pagers get nothing
   * here: they are paged if the incident escalates. Records a timeline line when someone is asked.
   */
  void approvalNeeded(Tx tx, ApprovalNotice notice);
}

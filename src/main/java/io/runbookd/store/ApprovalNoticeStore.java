package io.runbookd.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approval requests sent to pagers with buttons (Slack): one per incident and step, whatever the
 * number of passes that find the step waiting, and closed once the follow-up (approved, denied,
 * window closed) is queued. Their outbox events belong to no page: {@link #NO_PAGE}.
 */
public final class ApprovalNoticeStore {
  /** The page id of outbox events that belong to no page (page ids start at 1). */
  public static final long NO_PAGE = 0;

  /**
   * A notice whose wait is over: decided ({@code decision} and {@code by} set) or past its
   * deadline without a decision.
   *
   * @param body the page the notice was sent as (JSON, written by escalation)
   */
  public record Ended(String incidentId, String stepId, String dedupKey, String body, Optional<String> decision,
      Optional<String> by) {}

  private final Store store;

  public ApprovalNoticeStore(Store store) {
    this.store = store;
  }

  /** Records the notice in the caller's transaction; false when this step was noticed before. */
  public static boolean open(Tx tx, String incidentId, String stepId, String dedupKey, String body) {
    return Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO approval_notices (incident_id, step_id, dedup_key, body,"
        + " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", incidentId, stepId, dedupKey, body,
        tx.now()) == 1);
  }

  /** Open notices whose approval was decided or whose deadline has passed, oldest first. */
  public List<Ended> ended(Instant now, int limit) {
    return store.read(c -> Sql.list(c, "SELECT n.incident_id, n.step_id, n.dedup_key, n.body, a.decision,"
        + " a.decided_by FROM approval_notices n JOIN approvals a ON a.incident_id = n.incident_id"
        + " AND a.step_id = n.step_id WHERE n.closed_at IS NULL AND (a.decision IS NOT NULL OR a.deadline <= ?)"
        + " ORDER BY n.created_at LIMIT ?", rs -> new Ended(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6))),
        now, limit));
  }

  /** Closes an open notice; false when another pass (or replica) closed it first. */
  public static boolean close(Tx tx, String incidentId, String stepId) {
    return Sql.wrap(() -> Sql.update(tx.c(), "UPDATE approval_notices SET closed_at = ? WHERE incident_id = ?"
        + " AND step_id = ? AND closed_at IS NULL", tx.now(), incidentId, stepId) == 1);
  }

  /**
   * Queues the follow-up {@code body} to every pager the notice went to and did not refuse, behind
   * the notice itself (same dedup key, revision 1); returns how many.
   */
  public static int followUp(Tx tx, String dedupKey, String body) {
    return Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO page_outbox (page_id, incident_id, pager, dedup_key,"
        + " event, revision, priority, body, status, attempts, next_attempt_at, created_at)"
        + " SELECT o.page_id, o.incident_id, o.pager, o.dedup_key, o.event, 1, o.priority, ?, 'pending', 0, ?, ?"
        + " FROM page_outbox o WHERE o.page_id = ? AND o.dedup_key = ? AND o.revision = 0"
        + " AND o.status <> 'rejected' ON CONFLICT DO NOTHING", body, tx.now(), tx.now(), NO_PAGE, dedupKey));
  }
}

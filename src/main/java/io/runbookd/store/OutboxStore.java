package io.runbookd.store;

import java.time.Instant;
import java.util.List;

/**
 * The durable outbox of page events. Events are inserted in the transaction that decides them;
 * each pager's delivery lane reads its own due events. For one pager and dedup key, an event
 * is due only when no earlier event of that key is still pending, so trigger, updates,
 * acknowledge and resolve reach the pager in that order whatever backoff the earlier ones had.
 */
public final class OutboxStore {
  private static final String EVENT_COLUMNS = "page_id, incident_id, pager, dedup_key, event, revision,"
      + " priority, body, status, attempts, next_attempt_at, created_at";

  /** A lane's due events: only this pager's pending rows, through {@code page_outbox_due}. */
  static final String DUE = "SELECT o.id, o.page_id, o.incident_id, o.pager, o.dedup_key, o.event,"
      + " o.priority, o.body, o.attempts FROM page_outbox o WHERE o.pager = ? AND o.status = 'pending'"
      + " AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)"
      + " AND NOT EXISTS (SELECT 1 FROM page_outbox p WHERE p.pager = o.pager AND p.dedup_key = o.dedup_key"
      + " AND p.status = 'pending' AND p.id < o.id) ORDER BY o.next_attempt_at, o.id LIMIT ?";

  private final Store store;

  public OutboxStore(Store store) {
    this.store = store;
  }

  /** Adds events in the caller's transaction; an event already there is left alone. */
  public static void enqueue(Tx tx, List<OutboxEntry> entries) {
    Sql.wrap(() -> {
      for (OutboxEntry e : entries) {
        Sql.update(tx.c(), "INSERT INTO page_outbox (" + EVENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT DO NOTHING",
            e.pageId(), e.incidentId(), e.pager(), e.dedupKey(), e.event(), e.revision(), e.priority(), e.body(),
            tx.now(), tx.now());
      }
      return null;
    });
  }

  /**
   * Queues {@code event} ({@code acknowledge} or {@code resolve}) for every pager and dedup key
   * of the page that was sent a first trigger (levels included), once per key.
   */
  public static int follow(Tx tx, long pageId, String incidentId, String event) {
    String already = event.equals("resolve") ? "('resolve')" : "('acknowledge', 'resolve')";
    return Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO page_outbox (" + EVENT_COLUMNS + ")"
        + " SELECT o.page_id, ?, o.pager, o.dedup_key, ?, 0, o.priority, o.body, 'pending', 0, ?, ?"
        + " FROM page_outbox o WHERE o.page_id = ? AND o.event = 'trigger' AND o.revision = 0"
        + " AND o.status <> 'rejected' AND NOT EXISTS (SELECT 1 FROM page_outbox r WHERE r.pager = o.pager"
        + " AND r.dedup_key = o.dedup_key AND r.event IN " + already + ")",
        incidentId, event, tx.now(), tx.now(), pageId));
  }

  /**
   * The pager's events that are due, not leased, and first in line for their dedup key: only
   * pending rows of this pager are read.
   */
  public List<OutboxRow> due(String pager, Instant now, int limit) {
    return store.read(c -> Sql.list(c, DUE, rs -> new OutboxRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)), pager, now, now, limit));
  }

  /** Takes an event for delivery until {@code until}; false when another process holds it. */
  public boolean claim(long id, Instant until) {
    return store.write(tx -> Sql.update(tx.c(), "UPDATE page_outbox SET lease_until = ? WHERE id = ?"
        + " AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)", until, id, tx.now()) == 1);
  }

  /** Records the end of an event (delivered or rejected) and its timeline line, together. */
  public void finish(OutboxRow row, String status, String detail, TimelineLine line) {
    store.write(tx -> {
      Sql.update(tx.c(), "UPDATE page_outbox SET status = ?, attempts = attempts + 1, lease_until = NULL,"
          + " last_error = ?, finished_at = ? WHERE id = ?", status, clip(detail), tx.now(), row.id());
      Timeline.append(tx, row.incidentId(), line);
      return null;
    });
  }

  /** Schedules another attempt. */
  public void retry(OutboxRow row, Instant next, String detail) {
    store.write(tx -> Sql.update(tx.c(), "UPDATE page_outbox SET attempts = attempts + 1, next_attempt_at = ?,"
        + " lease_until = NULL, last_error = ? WHERE id = ?", next, clip(detail), row.id()));
  }

  /** Puts an event back without counting an attempt (held back by the pager's rate limit). */
  public void postpone(OutboxRow row, Instant next) {
    store.write(tx -> Sql.update(tx.c(), "UPDATE page_outbox SET next_attempt_at = ?, lease_until = NULL"
        + " WHERE id = ?", next, row.id()));
  }

  /** Counts events by status, for tests and the status endpoint. */
  public long count(String status) {
    return store.read(c -> Sql.count(c, "SELECT COUNT(*) FROM page_outbox WHERE status = ?", status));
  }

  /** Pending events per pager (delivery health). */
  public java.util.Map<String, Long> pendingByPager() {
    return store.read(c -> {
      java.util.Map<String, Long> out = new java.util.TreeMap<>();
      Sql.list(c, "SELECT pager, COUNT(*) FROM page_outbox WHERE status = 'pending' GROUP BY pager",
          rs -> out.put(rs.getString(1), rs.getLong(2)));
      return out;
    });
  }

  private static Object clip(String text) {
    return text == null ? Sql.NULL_TEXT : text.length() <= 1000 ? text : text.substring(0, 1000);
  }
}

package io.runbookd.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the store small: deletes incidents that ended more than {@code store.retention} ago with
 * everything that hangs off them (alerts, timeline, steps, approvals, locks, silences, reports), resolved
 * pages and their events, and ledger rows older than both the retention and every guard's window. Works
 * in small batches, each its own write, so the intake never waits long behind it.
 */
public final class Retention {
  static final int BATCH = 200;
  private static final int MAX_BATCHES = 50;

  private final Store store;
  private final Duration retention;
  private final Duration ledgerWindow;

  /** @param ledgerWindow the longest window a guard reads the ledger over (cooldown, budget) */
  public Retention(Store store, Duration retention, Duration ledgerWindow) {
    this.store = store;
    this.retention = retention;
    this.ledgerWindow = ledgerWindow;
  }

  /** One pass; returns how many incidents it deleted. */
  public int purge(Instant now) {
    Instant cutoff = now.minus(retention);
    int deleted = 0;
    for (int i = 0; i < MAX_BATCHES; i++) {
      int n = store.write(tx -> incidents(tx, cutoff));
      deleted += n;
      if (n < BATCH) {
        break;
      }
    }
    for (int i = 0; i < MAX_BATCHES && store.write(tx -> pages(tx, cutoff)) == BATCH; i++) {
      // next batch
    }
    for (int i = 0; i < MAX_BATCHES && store.write(tx -> slots(tx, cutoff)) == BATCH; i++) {
      // next batch
    }
    Instant ledgerCutoff = now.minus(retention.compareTo(ledgerWindow) > 0 ? retention : ledgerWindow);
    for (int i = 0; i < MAX_BATCHES && store.write(tx -> ledger(tx, ledgerCutoff)) == BATCH; i++) {
      // next batch
    }
    return deleted;
  }

  private static int incidents(Tx tx, Instant cutoff) throws java.sql.SQLException {
    List<String> ids = Sql.list(tx.c(), "SELECT id FROM incidents WHERE ended_at < ? ORDER BY ended_at LIMIT " + BATCH,
        rs -> rs.getString(1), cutoff);
    if (ids.isEmpty()) {
      return 0;
    }
    String in = " WHERE incident_id IN (" + Sql.marks(ids.size()) + ")";
    Object[] args = ids.toArray();
    for (String table : List.of("alerts", "timeline", "incident_steps", "approvals", "target_locks", "silences",
        "reports", "approval_notices")) {
      Sql.update(tx.c(), "DELETE FROM " + table + in, args);
    }
    // Approval notices' events belong to no page: they go with their incident.
    Sql.update(tx.c(), "DELETE FROM page_outbox" + in + " AND page_id = " + ApprovalNoticeStore.NO_PAGE, args);
    Sql.update(tx.c(), "DELETE FROM incidents WHERE id IN (" + Sql.marks(ids.size()) + ")", args);
    return ids.size();
  }

  private static int pages(Tx tx, Instant cutoff) throws java.sql.SQLException {
    List<Long> ids = Sql.list(tx.c(), "SELECT id FROM pages WHERE status = 'resolved' AND ended_at < ?"
        + " ORDER BY ended_at LIMIT " + BATCH, rs -> rs.getLong(1), cutoff);
    if (ids.isEmpty()) {
      return 0;
    }
    Object[] args = ids.toArray();
    Sql.update(tx.c(), "DELETE FROM page_outbox WHERE page_id IN (" + Sql.marks(ids.size()) + ")"
        + " AND status <> 'pending'", args);
    Sql.update(tx.c(), "DELETE FROM pages WHERE id IN (" + Sql.marks(ids.size()) + ") AND NOT EXISTS"
        + " (SELECT 1 FROM page_outbox o WHERE o.page_id = pages.id)", args);
    return ids.size();
  }

  /** Slots older than the retention: their incidents are gone, and no schedule looks that far back. */
  private static int slots(Tx tx, Instant cutoff) throws java.sql.SQLException {
    return Sql.update(tx.c(), "DELETE FROM schedule_slots WHERE recorded_at < ? AND slot IN (SELECT slot FROM"
        + " schedule_slots WHERE recorded_at < ? ORDER BY recorded_at LIMIT " + BATCH + ")", cutoff, cutoff);
  }

  private static int ledger(Tx tx, Instant cutoff) throws java.sql.SQLException {
    return Sql.update(tx.c(), "DELETE FROM action_ledger WHERE seq IN (SELECT seq FROM action_ledger"
        + " WHERE recorded_at < ? ORDER BY recorded_at LIMIT " + BATCH + ")", cutoff);
  }
}

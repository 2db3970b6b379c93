package io.runbookd.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable outbox of pages. Entries are inserted in the transaction that decides to page,
 * so a decision and its pages commit or vanish together; delivery happens later, on its own
 * lease, and survives restarts. The unique (pager, dedup key, event) key makes each page once.
 */
public final class OutboxStore {
  private final Store store;

  public OutboxStore(Store store) {
    this.store = store;
  }

  /** Adds pages in the caller's transaction; a page already there is left alone. */
  public static void enqueue(Connection c, Dialect dialect, List<OutboxEntry> entries, Instant now)
      throws SQLException {
    String columns = "incident_id, pager, dedup_key, event, priority, page, status, attempts,"
        + " next_attempt_at, created_at, revision";
    String sql = dialect == Dialect.POSTGRES
        ? "INSERT INTO page_outbox (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING"
        : "INSERT INTO page_outbox (" + columns + ") SELECT ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?"
            + " FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM page_outbox"
            + " WHERE pager = ? AND dedup_key = ? AND event = ? AND revision = ?)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (OutboxEntry e : entries) {
        ps.setString(1, e.incidentId());
        ps.setString(2, e.pager());
        ps.setString(3, e.dedupKey());
        ps.setString(4, e.event());
        ps.setString(5, e.priority());
        ps.setString(6, e.page());
        ps.setTimestamp(7, Timestamp.from(now));
        ps.setTimestamp(8, Timestamp.from(now));
        ps.setInt(9, e.revision());
        if (dialect == Dialect.H2) {
          ps.setString(10, e.pager());
          ps.setString(11, e.dedupKey());
          ps.setString(12, e.event());
          ps.setInt(13, e.revision());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Queues a {@code resolve} for every pager that was sent a {@code trigger} for the incident,
   * in the caller's transaction: closing an incident closes its pages.
   */
  public static void enqueueResolves(Connection c, String incidentId, Instant now) throws SQLException {
    String sql = "INSERT INTO page_outbox (incident_id, pager, dedup_key, event, priority, page,"
        + " status, attempts, next_attempt_at, created_at)"
        + " SELECT o.incident_id, o.pager, o.dedup_key, 'resolve', o.priority, o.page, 'pending', 0, ?, ?"
        + " FROM page_outbox o WHERE o.incident_id = ? AND o.event = 'trigger' AND o.revision = 0"
        + " AND o.status <> 'rejected'"
        + " AND NOT EXISTS (SELECT 1 FROM page_outbox r WHERE r.pager = o.pager"
        + " AND r.dedup_key = o.dedup_key AND r.event = 'resolve')";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, incidentId);
      ps.executeUpdate();
    }
  }

  /**
   * Queues an {@code acknowledge} for every pager that was sent a {@code trigger} for the
   * incident: a human has it.
   */
  public static void enqueueAcknowledges(Connection c, String incidentId, Instant now) throws SQLException {
    String sql = "INSERT INTO page_outbox (incident_id, pager, dedup_key, event, priority, page,"
        + " status, attempts, next_attempt_at, created_at)"
        + " SELECT o.incident_id, o.pager, o.dedup_key, 'acknowledge', o.priority, o.page, 'pending', 0, ?, ?"
        + " FROM page_outbox o WHERE o.incident_id = ? AND o.event = 'trigger' AND o.revision = 0"
        + " AND o.status <> 'rejected'"
        + " AND NOT EXISTS (SELECT 1 FROM page_outbox r WHERE r.pager = o.pager"
        + " AND r.dedup_key = o.dedup_key AND r.event IN ('acknowledge', 'resolve'))";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, incidentId);
      ps.executeUpdate();
    }
  }

  /** Pending pages that are due and not leased, oldest first. */
  public List<OutboxRow> due(Instant now, int limit) throws SQLException {
    String sql = "SELECT id, incident_id, pager, dedup_key, event, priority, page, attempts"
        + " FROM page_outbox WHERE status = 'pending' AND next_attempt_at <= ?"
        + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id";
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setMaxRows(limit);
      List<OutboxRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8)));
        }
      }
      return rows;
    }
  }

  /** Takes a page for delivery until {@code until}; false when another worker holds it. */
  public boolean claim(long id, Instant until, Instant now) throws SQLException {
    return update("UPDATE page_outbox SET lease_until = ? WHERE id = ? AND status = 'pending'"
        + " AND (lease_until IS NULL OR lease_until < ?)", Timestamp.from(until), id, Timestamp.from(now)) == 1;
  }

  /** Records the end of a page (delivered or rejected) and its timeline line, together. */
  public void finish(OutboxRow row, String status, String detail, TimelineLine line, Instant now)
      throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        exec(c, "UPDATE page_outbox SET status = ?, attempts = attempts + 1, lease_until = NULL,"
            + " last_error = ?, delivered_at = ? WHERE id = ?",
            status, clip(detail), Timestamp.from(now), row.id());
        exec(c, Timeline.INSERT, row.incidentId(), Timestamp.from(now), line.kind(), line.message(), line.data());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Schedules another attempt. */
  public void retry(OutboxRow row, Instant next, String detail) throws SQLException {
    update("UPDATE page_outbox SET attempts = attempts + 1, next_attempt_at = ?, lease_until = NULL,"
        + " last_error = ? WHERE id = ?", Timestamp.from(next), clip(detail), row.id());
  }

  /** Puts a page back without counting an attempt (e.g. held back by a rate limit). */
  public void postpone(OutboxRow row, Instant next) throws SQLException {
    update("UPDATE page_outbox SET next_attempt_at = ?, lease_until = NULL WHERE id = ?",
        Timestamp.from(next), row.id());
  }

  /** Counts pages by status, for tests and status answers. */
  public long count(String status) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM page_outbox WHERE status = ?")) {
      ps.setString(1, status);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String clip(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
  }

  private int update(String sql, Object... args) throws SQLException {
    try (Connection c = store.connection()) {
      return exec(c, sql, args);
    }
  }

  private static int exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }
}

package io.runbookd.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pages and their escalation levels. Every method runs in the caller's transaction, so a
 * decision (escalate, resolve, acknowledge) and what it does to pages commit together: a level
 * is cancelled in the transaction that resolves or acknowledges its page.
 */
public final class PageStore {
  private static final String COLUMNS = "id, dedup_key, storm_key, priority, status, incidents,"
      + " open_incidents, revision, policy, level, next_level_at, opened_at, last_sent_at";

  /** Pages whose next level is due: only due rows, through {@code pages_next_level}. */
  static final String DUE_LEVELS = "SELECT id FROM pages WHERE next_level_at <= ? ORDER BY next_level_at LIMIT ?";

  private final Store store;

  public PageStore(Store store) {
    this.store = store;
  }

  /** A page being created: its identity, priority, policy snapshot and first level's deadline. */
  public record NewPage(String dedupKey, String stormKey, String priority, String policy,
      Optional<Instant> nextLevelAt) {}

  /**
   * The open page of a storm (same storm key and priority, opened since {@code since}) that a new
   * incident may join: never an acknowledged or resolved one.
   */
  public Optional<PageRow> openStormPage(Tx tx, String stormKey, String priority, Instant since) {
    return Sql.wrap(() -> Sql.one(tx.c(), "SELECT " + COLUMNS + " FROM pages WHERE storm_key = ?"
        + " AND priority = ? AND status = 'open' AND opened_at >= ? ORDER BY id DESC LIMIT 1"
        + tx.dialect().forUpdate(), PageStore::row, stormKey, priority, since));
  }

  public Optional<PageRow> page(Tx tx, long id) {
    return Sql.wrap(() -> page(tx.c(), id));
  }

  public Optional<PageRow> page(long id) {
    return store.read(c -> page(c, id));
  }

  private static Optional<PageRow> page(Connection c, long id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + " FROM pages WHERE id = ?", PageStore::row, id);
  }

  /** Creates a page (level 1) and returns it. */
  public PageRow create(Tx tx, NewPage page) {
    return Sql.wrap(() -> {
      Sql.update(tx.c(), "INSERT INTO pages (dedup_key, storm_key, priority, status, incidents, open_incidents,"
          + " revision, policy, level, next_level_at, opened_at, last_sent_at)"
          + " VALUES (?, ?, ?, 'open', 0, 0, 0, ?, 1, ?, ?, ?)",
          page.dedupKey(), page.stormKey(), page.priority(), page.policy(), Sql.millis(page.nextLevelAt()),
          tx.now(), tx.now());
      return Sql.one(tx.c(), "SELECT " + COLUMNS + " FROM pages WHERE dedup_key = ?", PageStore::row,
          page.dedupKey()).orElseThrow();
    });
  }

  /** Puts the incident on the page (taking it off the one it was on, if any). */
  public void attach(Tx tx, long pageId, String incidentId) {
    Sql.wrap(() -> {
      Sql.update(tx.c(), "UPDATE pages SET incidents = incidents + 1, open_incidents = open_incidents + 1"
          + " WHERE id = ?", pageId);
      return Sql.update(tx.c(), "UPDATE incidents SET page_id = ? WHERE id = ?", pageId, incidentId);
    });
  }

  /**
   * Counts a new revision of the page when the last one went out at least {@code every} ago;
   * the new revision, or empty when the update waits for a later one.
   */
  public Optional<Integer> nextRevision(Tx tx, PageRow page, java.time.Duration every) {
    if (page.lastSentAt().plus(every).isAfter(tx.now())) {
      return Optional.empty();
    }
    return Sql.wrap(() -> {
      Sql.update(tx.c(), "UPDATE pages SET revision = revision + 1, last_sent_at = ? WHERE id = ?",
          tx.now(), page.id());
      return Optional.of(page.revision() + 1);
    });
  }

  /**
   * One of the page's incidents ended. When it was the last open one, the page is resolved and
   * its next level cancelled; returns the page in its new state.
   */
  public Optional<PageRow> incidentEnded(Tx tx, long pageId) {
    return Sql.wrap(() -> {
      Sql.update(tx.c(), "UPDATE pages SET open_incidents = open_incidents - 1 WHERE id = ? AND open_incidents > 0",
          pageId);
      Sql.update(tx.c(), "UPDATE pages SET status = 'resolved', ended_at = ?, next_level_at = NULL"
          + " WHERE id = ? AND open_incidents <= 0 AND status <> 'resolved'", tx.now(), pageId);
      return page(tx.c(), pageId);
    });
  }

  /** A human took the page: no further levels. False when it was not open. */
  public boolean acknowledge(Tx tx, long pageId) {
    return Sql.wrap(() -> Sql.update(tx.c(), "UPDATE pages SET status = 'acknowledged', next_level_at = NULL"
        + " WHERE id = ? AND status = 'open'", pageId) == 1);
  }

  /** Pages whose next escalation level is due: only those rows are read. */
  public List<Long> dueLevels(Instant now, int limit) {
    return store.read(c -> Sql.list(c, DUE_LEVELS, rs -> rs.getLong(1), now, limit));
  }

  /** Moves the page to the next level (compare-and-set on the level, only while open). */
  public boolean advanceLevel(Tx tx, long pageId, int from, Optional<Instant> next) {
    return Sql.wrap(() -> Sql.update(tx.c(), "UPDATE pages SET level = ?, next_level_at = ? WHERE id = ?"
        + " AND level = ? AND status = 'open'", from + 1, Sql.millis(next), pageId, from) == 1);
  }

  /** The incidents summarised in a page. */
  public List<String> incidents(Tx tx, long pageId) {
    return Sql.wrap(() -> Sql.list(tx.c(), "SELECT id FROM incidents WHERE page_id = ? ORDER BY seq",
        rs -> rs.getString(1), pageId));
  }

  private static PageRow row(ResultSet rs) throws SQLException {
    return new PageRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getString(9), rs.getInt(10), Sql.instant(rs, 11),
        Sql.at(rs, 12), Sql.at(rs, 13));
  }
}

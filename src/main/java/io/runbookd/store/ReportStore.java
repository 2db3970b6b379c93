package io.runbookd.store;

import io.runbookd.incident.Hashes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reports that runbooks produce (the weekly maintenance summary, the monthly capacity plan): one
 * self-contained HTML page each, stored with the incident that produced it and deleted with it.
 */
public final class ReportStore {
  public static final int MAX_LIST = 1000;

  private final Store store;

  public ReportStore(Store store) {
    this.store = store;
  }

  /** A report as listed: everything but its page. */
  public record Summary(String id, String runbook, String incident, Instant created, String title) {}

  /**
   * Stores a report in the caller's transaction and returns its id. The id follows from the
   * incident and the title, so saving the same report again (a step repeated after a restart)
   * replaces it instead of adding a second one.
   */
  public static String save(Tx tx, String runbook, String incident, String title, String html) {
    String id = "rep-" + Hashes.of("report", incident, title);
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO reports (id, rule_id, incident_id, created_at, title, html)"
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET html = excluded.html,"
        + " created_at = excluded.created_at", id, runbook, incident, tx.now(), title, html));
    return id;
  }

  /** Newest first, at most {@code limit} (1 to {@link #MAX_LIST}); of one runbook when given. */
  public List<Summary> list(Optional<String> runbook, int limit) {
    int bounded = Math.max(1, Math.min(limit, MAX_LIST));
    String where = runbook.isPresent() ? " WHERE rule_id = ?" : "";
    Object[] args = runbook.<Object[]>map(r -> new Object[] {r}).orElse(new Object[0]);
    return store.read(c -> Sql.list(c, "SELECT id, rule_id, incident_id, created_at, title FROM reports" + where
        + " ORDER BY created_at DESC, id LIMIT " + bounded, rs -> new Summary(rs.getString(1), rs.getString(2),
            rs.getString(3), Sql.at(rs, 4), rs.getString(5)), args));
  }

  /** One report's HTML page. */
  public Optional<String> html(String id) {
    return store.read(c -> Sql.one(c, "SELECT html FROM reports WHERE id = ?", rs -> rs.getString(1), id));
  }
}

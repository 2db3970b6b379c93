package io.runbookd.store;

import io.runbookd.incident.GroupKey;
import io.runbookd.incident.IncidentStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drills and their results, and per runbook the marks that make its overdue drill page once. A
 * drill is a run (an incident whose trigger is {@code drill}); its row here outlives the incident,
 * so the runbook testing table still knows when a runbook was last tested after retention.
 */
public final class DrillStore {
  public static final String RUNNING = "running";
  public static final String PASS = "pass";
  public static final String FAIL = "fail";

  private final Store store;

  public DrillStore(Store store) {
    this.store = store;
  }

  /**
   * One drill.
   *
   * @param result {@link #RUNNING}, {@link #PASS} or {@link #FAIL}
   * @param reason why it failed (or what it reached), empty while it runs
   */
  public record Drill(String incidentId, String ruleId, Instant startedAt, String startedBy, String result,
      Optional<String> reason, Optional<Instant> finishedAt) {}

  /** Per runbook: since when it has been watched, and the due date last paged as overdue. */
  public record Watch(String ruleId, Instant watchedSince, Optional<Instant> pagedDue) {}

  private static final String COLUMNS =
      "incident_id, rule_id, started_at, started_by, result, reason, finished_at";

  /** Records a drill as running, in the transaction that opens its incident. */
  public static void started(Tx tx, String incidentId, String ruleId, String by) {
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO drills (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT DO NOTHING", incidentId, ruleId, tx.now(), by, RUNNING, Sql.NULL_TEXT, Sql.NULL_LONG));
  }

  /** Writes a running drill's result; false when another replica wrote it first. */
  public static boolean finish(Tx tx, String incidentId, String result, String reason) {
    return Sql.wrap(() -> Sql.update(tx.c(), "UPDATE drills SET result = ?, reason = ?, finished_at = ?"
        + " WHERE incident_id = ? AND result = ?", result, reason, tx.now(), incidentId, RUNNING) == 1);
  }

  /** Drills still running, oldest first, at most {@code limit}. */
  public List<Drill> running(int limit) {
    return store.read(c -> Sql.list(c, "SELECT " + COLUMNS + " FROM drills WHERE result = ?"
        + " ORDER BY started_at LIMIT " + limit, DrillStore::drill, RUNNING));
  }

  /** The newest drill of every runbook, and the newest finished one, by runbook id. */
  public record Latest(Optional<Drill> newest, Optional<Drill> finished) {}

  public Map<String, Latest> latest() {
    return store.read(c -> {
      Map<String, Latest> out = new LinkedHashMap<>();
      Sql.list(c, "SELECT " + COLUMNS + " FROM drills d WHERE started_at = (SELECT MAX(started_at) FROM drills"
          + " WHERE rule_id = d.rule_id)", DrillStore::drill).forEach(d ->
              out.put(d.ruleId(), new Latest(Optional.of(d), Optional.empty())));
      Sql.list(c, "SELECT " + COLUMNS + " FROM drills d WHERE result <> ? AND started_at = (SELECT MAX(started_at)"
          + " FROM drills WHERE rule_id = d.rule_id AND result <> ?)", DrillStore::drill, RUNNING, RUNNING)
          .forEach(d -> out.merge(d.ruleId(), new Latest(Optional.empty(), Optional.of(d)),
              (a, b) -> new Latest(a.newest(), b.finished())));
      return out;
    });
  }

  /** Every runbook's watch row. */
  public Map<String, Watch> watches() {
    return store.read(c -> {
      Map<String, Watch> out = new LinkedHashMap<>();
      Sql.list(c, "SELECT rule_id, watched_since, paged_due FROM drill_watch", rs ->
          new Watch(rs.getString(1), Sql.at(rs, 2), Sql.instant(rs, 3))).forEach(w -> out.put(w.ruleId(), w));
      return out;
    });
  }

  /** Starts watching a runbook now, unless it is watched already. */
  public static void watch(Tx tx, String ruleId) {
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO drill_watch (rule_id, watched_since) VALUES (?, ?)"
        + " ON CONFLICT DO NOTHING", ruleId, tx.now()));
  }

  /**
   * Claims the page for a runbook's drill overdue since {@code due}: true once per due date, across
   * replicas (the conditional update is decided by the row's lock).
   */
  public static boolean claimOverduePage(Tx tx, String ruleId, Instant due) {
    return Sql.wrap(() -> Sql.update(tx.c(), "UPDATE drill_watch SET paged_due = ? WHERE rule_id = ?"
        + " AND (paged_due IS NULL OR paged_due <> ?)", due, ruleId, due) == 1);
  }

  /**
   * Records an overdue drill as an incident of its own (trigger {@code drill}, escalated and ended
   * at once) that the caller pages in the same transaction; returns its id.
   */
  public static String overdueNotice(Tx tx, String ruleId, String title, Instant due, String reason) {
    String key = "overdue:" + due;
    GroupKey group = GroupKey.ofRun(ruleId, key);
    String id = group.incidentId(key);
    Instant now = tx.now();
    Sql.wrap(() -> {
      Sql.update(tx.c(), "INSERT INTO incidents (id, group_key, group_labels, trigger_kind, trigger_data, status,"
          + " rule_id, priority, alertname, match_reason, alert_count, firing_count, first_seen, last_seen,"
          + " created_at, updated_at, ended_at) VALUES (?, ?, '{}', 'drill', ?, ?, ?, 'P3', ?, ?, 0, 0, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING", id, group.key(), "{\"by\":\"runbookd\",\"overdue\":\"" + due + "\"}",
          IncidentStatus.ESCALATED.wire(), ruleId, title, "runbookd found the drill of " + ruleId + " overdue", now,
          now, now, now, now);
      return Sql.update(tx.c(), "UPDATE drill_watch SET paged_incident = ? WHERE rule_id = ?", id, ruleId);
    });
    Timeline.append(tx, id, TimelineLine.of("status", "escalated: " + reason));
    return id;
  }

  /** Marks the example alert a finished drill replayed as resolved: nothing fires any more. */
  public static void resolveReplayedAlert(Tx tx, String incidentId) {
    Sql.wrap(() -> {
      int resolved = Sql.update(tx.c(), "UPDATE alerts SET status = 'resolved', ends_at = ? WHERE incident_id = ?"
          + " AND status = 'firing'", tx.now(), incidentId);
      return Sql.update(tx.c(), "UPDATE incidents SET firing_count = firing_count - ? WHERE id = ?"
          + " AND trigger_kind = 'drill'", resolved, incidentId);
    });
  }

  private static Drill drill(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Drill(rs.getString(1), rs.getString(2), Sql.at(rs, 3), rs.getString(4), rs.getString(5),
        Optional.ofNullable(rs.getString(6)), Sql.instant(rs, 7));
  }
}

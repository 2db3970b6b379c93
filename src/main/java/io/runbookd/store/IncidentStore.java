package io.runbookd.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Incidents: reads for the engine and the API, and the engine's status changes. A status change
 * is compare-and-set on the status, so the intake, the engine and the API never overwrite each
 * other's decisions; it records its reason in the timeline in the same transaction.
 */
public final class IncidentStore {
  private final Store store;
  private final IncidentRows rows;

  public IncidentStore(Store store, ObjectMapper json) {
    this.store = store;
    this.rows = new IncidentRows(json);
  }

  public Optional<Incident> get(String id) {
    return store.read(c -> rows.get(c, id));
  }

  public List<Incident> list(IncidentFilter filter) {
    return store.read(c -> rows.list(c, filter));
  }

  /** The incident's alerts, first received first, at most {@code limit}. */
  public List<StoredAlert> alerts(String id, int limit) {
    return store.read(c -> rows.alerts(c, id, limit));
  }

  /**
   * The incident's history: first what the intake recorded on the incident row (received,
   * matched), then every appended entry in order.
   */
  public List<TimelineEntry> timeline(String id) {
    return store.read(c -> {
      List<TimelineEntry> out = new ArrayList<>();
      rows.get(c, id).ifPresent(i -> out.addAll(Opening.entries(i)));
      out.addAll(Sql.list(c, "SELECT seq, recorded_at, kind, message, data FROM timeline"
              + " WHERE incident_id = ? ORDER BY seq",
          rs -> new TimelineEntry(rs.getLong(1), Sql.at(rs, 2), rs.getString(3), rs.getString(4),
              Optional.ofNullable(rs.getString(5))), id));
      return out;
    });
  }

  /** Which of these alert episodes (by id) are stored. */
  public java.util.Set<String> storedAlerts(java.util.Collection<String> alertIds) {
    return store.read(c -> new IntakeRows(null).alerts(c, List.copyOf(alertIds)).keySet());
  }

  /**
   * What the incident holds and waits for (its target locks and its approvals) and the reports
   * its runbook left, each as id and title.
   */
  public record Holds(List<String> locks, List<GuardStore.Approval> approvals, List<List<String>> reports) {}

  public Holds holds(String id) {
    return store.read(c -> new Holds(
        Sql.list(c, "SELECT target_key FROM target_locks WHERE incident_id = ? ORDER BY target_key",
            rs -> rs.getString(1), id),
        Sql.list(c, "SELECT step_id, deadline, decision, decided_by FROM approvals WHERE incident_id = ?"
            + " ORDER BY requested_at, step_id", rs -> new GuardStore.Approval(rs.getString(1), Sql.at(rs, 2),
                Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4))), id),
        Sql.list(c, "SELECT id, title FROM reports WHERE incident_id = ? ORDER BY created_at, id",
            rs -> List.of(rs.getString(1), rs.getString(2)), id)));
  }

  public long count() {
    return store.read(c -> Sql.count(c, "SELECT COUNT(*) FROM incidents"));
  }

  /** Moves the incident (compare-and-set on its status) and records why; false if it moved on. */
  public boolean transition(Transition t) {
    return store.write(tx -> transition(tx, t));
  }

  /**
   * As {@link #transition(Transition)}, in the caller's transaction. Entering {@code resolved}
   * ends the incident. Entering a status where the runbook rests (escalated, unmatched,
   * verified, failed) leaves an alert's incident due at once if its alerts have all resolved
   * meanwhile, so that the engine ends it; a run (schedule, by hand, drill) ends there, its page
   * left to the people it went to.
   */
  public boolean transition(Tx tx, Transition t) {
    return Sql.wrap(() -> {
      Instant now = tx.now();
      boolean ends = t.to() == IncidentStatus.RESOLVED;
      boolean rests = !ends && !t.to().inFlight();
      int moved = Sql.update(tx.c(), "UPDATE incidents SET status = ?, updated_at = ?,"
              + " next_run_at = CASE WHEN ? = 1 THEN NULL WHEN ? = 1 THEN (CASE WHEN firing_count <= 0"
              + " AND trigger_kind = 'alert' THEN ? ELSE NULL END) ELSE ? END,"
              + " verify_deadline = COALESCE(?, verify_deadline),"
              + " ended_at = CASE WHEN ? = 1 OR (? = 1 AND trigger_kind <> 'alert') THEN ? ELSE ended_at END"
              + " WHERE id = ? AND status = ?",
          t.to().wire(), now, ends ? 1 : 0, rests ? 1 : 0, now, Sql.millis(t.nextRunAt()),
          Sql.millis(t.verifyDeadline()), ends ? 1 : 0, rests ? 1 : 0, now, t.id(), t.from().wire());
      if (moved != 1) {
        return false;
      }
      Timeline.append(tx, t.id(), "status", t.reason(), "{\"status\":\"" + t.to().wire() + "\"}");
      return true;
    });
  }

  /**
   * Lets a resting incident (escalated, unmatched, failed, verified) rest: not due again unless
   * its alerts have all resolved (then at once, so that it ends) or at {@code next}.
   */
  public void rest(Tx tx, String id, IncidentStatus status, Optional<Instant> next) {
    Sql.wrap(() -> Sql.update(tx.c(), "UPDATE incidents SET next_run_at = CASE WHEN firing_count <= 0"
        + " AND trigger_kind = 'alert' THEN ? ELSE ? END WHERE id = ? AND status = ?",
        tx.now(), Sql.millis(next), id, status.wire()));
  }

  /** Appends a timeline line on its own. */
  public void note(String id, TimelineLine line) {
    store.write(tx -> {
      Timeline.append(tx, id, line);
      return null;
    });
  }

  /** Sets when the engine looks at the incident next, without changing its status. */
  public void reschedule(Tx tx, String id, Instant at) {
    Sql.wrap(() -> Sql.update(tx.c(), "UPDATE incidents SET next_run_at = ? WHERE id = ? AND ended_at IS NULL", at, id));
  }

  public void reschedule(String id, Instant at) {
    store.write(tx -> {
      reschedule(tx, id, at);
      return null;
    });
  }

  /**
   * Records that a human took the incident: no further escalation levels. False when there is
   * no such incident or it was already acknowledged.
   */
  public boolean acknowledge(Tx tx, String id, String by) {
    return Sql.wrap(() -> Sql.update(tx.c(), "UPDATE incidents SET acked_at = ?, acked_by = ?, updated_at = ?"
        + " WHERE id = ? AND acked_at IS NULL", tx.now(), by, tx.now(), id) == 1);
  }

  /** The page an incident is summarised in, if it was paged. */
  public Optional<Long> pageOf(Tx tx, String id) {
    return Sql.wrap(() -> Sql.one(tx.c(), "SELECT page_id FROM incidents WHERE id = ?", rs -> {
      long page = rs.getLong(1);
      return rs.wasNull() ? null : page;
    }, id));
  }

  /** Reads the incident inside a write, to decide on its current state. */
  public Optional<Incident> get(Tx tx, String id) {
    return Sql.wrap(() -> rows.get(tx.c(), id));
  }
}

package io.runbookd.store;

import io.runbookd.incident.IncidentStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's reads and writes. Each method is its own transaction, committed before it
 * returns: a step recorded as started is on disk before the step runs. Status changes are
 * compare-and-set, so the intake closing an incident and the engine advancing it cannot
 * overwrite each other, and leases let several replicas share the work.
 */
public final class EngineStore {
  /** Statuses the engine still works on; unmatched ones are due once, to be paged. */
  private static final String IN_FLIGHT =
      "('matched', 'diagnosing', 'acting', 'awaiting_approval', 'verifying', 'unmatched')";

  private final Store store;

  public EngineStore(Store store) {
    this.store = store;
  }

  /**
   * Incidents in flight that are due and not leased by another live replica, oldest due first.
   * Leases held by {@code owner} itself count as free: they are left over from before a restart.
   */
  public List<String> due(Instant now, String owner, int limit) throws SQLException {
    String sql =
        "SELECT id FROM incidents WHERE status IN "
            + IN_FLIGHT
            + " AND next_run_at <= ? AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)"
            + " ORDER BY next_run_at";
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, owner);
      ps.setMaxRows(limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  /** Takes the incident for {@code owner} until {@code until}; false if another holds it. */
  public boolean claim(String id, String owner, Instant until, Instant now) throws SQLException {
    return update(
            "UPDATE incidents SET lease_owner = ?, lease_until = ? WHERE id = ?"
                + " AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)",
            owner,
            Timestamp.from(until),
            id,
            Timestamp.from(now),
            owner)
        == 1;
  }

  public void release(String id, String owner) throws SQLException {
    update(
        "UPDATE incidents SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
        id,
        owner);
  }

  public Optional<IncidentStatus> status(String id) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement("SELECT status FROM incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? IncidentStatus.parse(rs.getString(1)) : Optional.empty();
      }
    }
  }

  public Optional<Instant> verifyDeadline(String id) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT verify_deadline FROM incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getTimestamp(1) != null
            ? Optional.of(rs.getTimestamp(1).toInstant())
            : Optional.empty();
      }
    }
  }

  /**
   * Moves the incident from {@code from} to {@code to} and records why, in one transaction;
   * false (nothing written) when its status is no longer {@code from}.
   */
  public boolean transition(Transition t, Instant now) throws SQLException {
    return transition(t, List.of(), now);
  }

  /**
   * As {@link #transition(Transition, Instant)}, and queues {@code pages} in the same
   * transaction: the decision to page and the pages commit together. Entering {@code resolved}
   * also queues a resolve for every page sent about the incident.
   */
  public boolean transition(Transition t, List<OutboxEntry> pages, Instant now) throws SQLException {
    return transition(t, c -> pages, now);
  }

  /** Work done inside a status change's transaction; returns the pages to queue with it. */
  @FunctionalInterface
  public interface InTransaction {
    List<OutboxEntry> run(Connection c) throws SQLException;
  }

  /** As {@link #transition(Transition, List, Instant)}, the pages worked out inside the transaction. */
  public boolean transition(Transition t, InTransaction work, Instant now) throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE incidents SET status = ?, updated_at = ?, next_run_at = ?,"
                  + " verify_deadline = COALESCE(?, verify_deadline) WHERE id = ? AND status = ?")) {
        ps.setString(1, t.to().wire());
        ps.setTimestamp(2, Timestamp.from(now));
        ps.setTimestamp(3, t.nextRunAt().map(Timestamp::from).orElse(null));
        ps.setTimestamp(4, t.verifyDeadline().map(Timestamp::from).orElse(null));
        ps.setString(5, t.id());
        ps.setString(6, t.from().wire());
        if (ps.executeUpdate() != 1) {
          c.rollback();
          return false;
        }
        appendTimeline(c, t.id(), now, "status", t.reason(), "{\"status\":\"" + t.to().wire() + "\"}");
        List<OutboxEntry> pages = work.run(c);
        if (!pages.isEmpty()) {
          OutboxStore.enqueue(c, store.dialect(), pages, now);
        }
        if (t.to() == IncidentStatus.RESOLVED) {
          OutboxStore.enqueueResolves(c, t.id(), now);
        }
        c.commit();
        return true;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public int attempt(String id) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement("SELECT attempt FROM incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 1;
      }
    }
  }

  /**
   * Records that a human took the incident: stops further escalation levels and acknowledges
   * its pages. False when there is no such incident or it was already acknowledged.
   */
  public boolean acknowledge(String id, String by, Instant now) throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        int updated = exec(c, "UPDATE incidents SET acked_at = ?, acked_by = ?, next_escalation_at = NULL"
            + " WHERE id = ? AND acked_at IS NULL", Timestamp.from(now), by, id);
        if (updated == 1) {
          appendTimeline(c, id, now, "acknowledged", "acknowledged by " + by, null);
          OutboxStore.enqueueAcknowledges(c, id, now);
        }
        c.commit();
        return updated == 1;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Records the escalation policy an incident is escalated under, and its first level. */
  public static void snapshotEscalation(Connection c, String id, String policy, Optional<Instant> next)
      throws SQLException {
    exec(c, "UPDATE incidents SET escalation_policy = ?, escalation_level = 1, next_escalation_at = ?"
        + " WHERE id = ?", policy, next.map(Timestamp::from).orElse(null), id);
  }

  /** Escalated incidents nobody acknowledged whose next level is due. */
  public List<String> dueEscalations(Instant now, int limit) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM incidents WHERE next_escalation_at <= ?"
            + " AND acked_at IS NULL ORDER BY next_escalation_at")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setMaxRows(limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  /** The snapshotted policy (JSON) and the level reached. */
  public Optional<Map.Entry<String, Integer>> escalation(String id) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT escalation_policy, escalation_level FROM incidents WHERE id = ? AND acked_at IS NULL")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getString(1) != null
            ? Optional.of(Map.entry(rs.getString(1), rs.getInt(2))) : Optional.empty();
      }
    }
  }

  /** Moves to the next level (compare-and-set on the level) and queues its pages. */
  public boolean escalateLevel(String id, int from, Optional<Instant> next, List<OutboxEntry> pages,
      TimelineLine line, Instant now) throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        int moved = exec(c, "UPDATE incidents SET escalation_level = ?, next_escalation_at = ?"
            + " WHERE id = ? AND escalation_level = ? AND acked_at IS NULL",
            from + 1, next.map(Timestamp::from).orElse(null), id, from);
        if (moved == 1) {
          appendTimeline(c, id, now, line.kind(), line.message(), line.data());
          OutboxStore.enqueue(c, store.dialect(), pages, now);
        }
        c.commit();
        return moved == 1;
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Forgets a step's record so that it is decided again (a retry after a failure). */
  public void forgetStep(String id, String key) throws SQLException {
    update("DELETE FROM incident_steps WHERE incident_id = ? AND step_key = ?", id, key);
  }

  /** Sets when the incident is next due, without changing its status. */
  public void reschedule(String id, Instant nextRunAt) throws SQLException {
    update("UPDATE incidents SET next_run_at = ? WHERE id = ?", Timestamp.from(nextRunAt), id);
  }

  public Map<String, StepRecord> steps(String id) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT step_key, status, params, result, detail, started_at, finished_at"
                    + " FROM incident_steps WHERE incident_id = ?")) {
      ps.setString(1, id);
      Map<String, StepRecord> out = new LinkedHashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), step(rs));
        }
      }
      return out;
    }
  }

  private static StepRecord step(ResultSet rs) throws SQLException {
    Timestamp finished = rs.getTimestamp(7);
    return new StepRecord(
        rs.getString(1),
        rs.getString(2),
        Optional.ofNullable(rs.getString(3)),
        Optional.ofNullable(rs.getString(4)),
        Optional.ofNullable(rs.getString(5)),
        rs.getTimestamp(6).toInstant(),
        Optional.ofNullable(finished).map(Timestamp::toInstant));
  }

  /** Records that a step starts (or starts again), with its timeline line, before it runs. */
  public void startStep(String id, String key, String params, TimelineLine line, Instant now)
      throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        exec(c, "DELETE FROM incident_steps WHERE incident_id = ? AND step_key = ?", id, key);
        exec(
            c,
            "INSERT INTO incident_steps (incident_id, step_key, status, params, started_at)"
                + " VALUES (?, ?, ?, ?, ?)",
            id,
            key,
            StepRecord.STARTED,
            params,
            Timestamp.from(now));
        appendTimeline(c, id, now, line.kind(), line.message(), line.data());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Records a step's outcome and its timeline line in one transaction. */
  public void finishStep(
      String id, String key, String status, String result, String detail, TimelineLine line, Instant now)
      throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        int updated =
            exec(
                c,
                "UPDATE incident_steps SET status = ?, result = ?, detail = ?, finished_at = ?"
                    + " WHERE incident_id = ? AND step_key = ?",
                status,
                result,
                detail,
                Timestamp.from(now),
                id,
                key);
        if (updated == 0) {
          exec(
              c,
              "INSERT INTO incident_steps (incident_id, step_key, status, result, detail,"
                  + " started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              id,
              key,
              status,
              result,
              detail,
              Timestamp.from(now),
              Timestamp.from(now));
        }
        appendTimeline(c, id, now, line.kind(), line.message(), line.data());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public void timeline(String id, TimelineLine line, Instant now) throws SQLException {
    try (Connection c = store.connection()) {
      appendTimeline(c, id, now, line.kind(), line.message(), line.data());
    }
  }

  /** Appends a timeline line in the caller's transaction. */
  public static void note(Connection c, String id, Instant now, String kind, String message)
      throws SQLException {
    appendTimeline(c, id, now, kind, message, null);
  }

  private static void appendTimeline(
      Connection c, String id, Instant now, String kind, String message, String data)
      throws SQLException {
    exec(c, Timeline.INSERT, id, Timestamp.from(now), kind, message, data);
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

package io.runbookd.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The guardrails' durable state: the kill switch, the ledger of mutating actions, target
 * locks and approvals. Read before every mutating step; written when one starts.
 */
public final class GuardStore {
  private final Store store;

  public GuardStore(Store store) {
    this.store = store;
  }

  /** Whether the kill switch is on; throws when it cannot be read (callers fail closed). */
  public boolean paused() throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT setting FROM runtime_settings WHERE name = 'paused'")) {
      try (ResultSet rs = ps.executeQuery()) {
        return !rs.next() || !"false".equals(rs.getString(1));
      }
    }
  }

  public void setPaused(boolean paused, String by, Instant now) throws SQLException {
    exec("UPDATE runtime_settings SET setting = ?, updated_at = ?, updated_by = ? WHERE name = 'paused'",
        String.valueOf(paused), Timestamp.from(now), by);
  }

  /**
   * When this action last started on this target for another incident, if ever (a retry of
   * the same incident's step is not held back by its own first try).
   */
  public Optional<Instant> lastAction(String action, String targetKey, String exceptIncident)
      throws SQLException {
    return instant("SELECT MAX(recorded_at) FROM action_ledger WHERE action = ? AND target_key = ?"
        + " AND incident_id <> ?", action, targetKey, exceptIncident);
  }

  /** How often this incident's step has started: its attempts. */
  public long attempts(String incidentId, String stepId) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM action_ledger WHERE incident_id = ? AND step_id = ?")) {
      ps.setString(1, incidentId);
      ps.setString(2, stepId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Mutating actions started since {@code since}, across every rule and incident. */
  public long actionsSince(Instant since) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM action_ledger WHERE recorded_at >= ?")) {
      ps.setTimestamp(1, Timestamp.from(since));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Records that a mutating action starts: cooldowns and the budget count these rows. */
  public void record(String incidentId, String ruleId, String stepId, String action, String targetKey,
      Instant now) throws SQLException {
    exec("INSERT INTO action_ledger (recorded_at, incident_id, rule_id, step_id, action, target_key)"
        + " VALUES (?, ?, ?, ?, ?, ?)", Timestamp.from(now), incidentId, ruleId, stepId, action, targetKey);
  }

  /** The distinct targets this incident has acted on. */
  public Set<String> targetsOf(String incidentId) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT DISTINCT target_key FROM action_ledger WHERE incident_id = ?")) {
      ps.setString(1, incidentId);
      Set<String> out = new HashSet<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  /**
   * Takes the target for the incident until {@code until}: one remediation per target at a
   * time. Free, expired, or already held by the same incident counts as taken.
   */
  public Optional<String> lock(String targetKey, String incidentId, Instant now, Instant until)
      throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        Optional<String> holder = holder(c, targetKey, now);
        if (holder.isPresent() && !holder.get().equals(incidentId)) {
          c.rollback();
          return holder;
        }
        run(c, "DELETE FROM target_locks WHERE target_key = ?", targetKey);
        run(c, "INSERT INTO target_locks (target_key, incident_id, acquired_at, expires_at) VALUES (?, ?, ?, ?)",
            targetKey, incidentId, Timestamp.from(now), Timestamp.from(until));
        c.commit();
        return Optional.empty();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static Optional<String> holder(Connection c, String targetKey, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT incident_id FROM target_locks WHERE target_key = ? AND expires_at > ?")) {
      ps.setString(1, targetKey);
      ps.setTimestamp(2, Timestamp.from(now));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** The incident holding the target now, if any. */
  public Optional<String> lockHolder(String targetKey, Instant now) throws SQLException {
    try (Connection c = store.connection()) {
      return holder(c, targetKey, now);
    }
  }

  public void releaseLocks(String incidentId) throws SQLException {
    exec("DELETE FROM target_locks WHERE incident_id = ?", incidentId);
  }

  /** The approval record of a step, if one was requested. */
  public Optional<Approval> approval(String incidentId, String stepId) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT deadline, decision, decided_by FROM approvals WHERE incident_id = ? AND step_id = ?")) {
      ps.setString(1, incidentId);
      ps.setString(2, stepId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Approval(stepId, rs.getTimestamp(1).toInstant(),
                Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3))))
            : Optional.empty();
      }
    }
  }

  /** A step's approval: requested until {@code deadline}, decided or not. */
  public record Approval(String stepId, Instant deadline, Optional<String> decision, Optional<String> by) {}

  public void requestApproval(String incidentId, String stepId, Instant now, Instant deadline)
      throws SQLException {
    if (approval(incidentId, stepId).isEmpty()) {
      exec("INSERT INTO approvals (incident_id, step_id, requested_at, deadline) VALUES (?, ?, ?, ?)",
          incidentId, stepId, Timestamp.from(now), Timestamp.from(deadline));
    }
  }

  /** Decides every open approval of the incident; returns the steps decided. */
  public Set<String> decide(String incidentId, String decision, String by, Instant now) throws SQLException {
    Set<String> steps = new HashSet<>();
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT step_id FROM approvals WHERE incident_id = ? AND decision IS NULL")) {
      ps.setString(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString(1));
        }
      }
      run(c, "UPDATE approvals SET decision = ?, decided_at = ?, decided_by = ? WHERE incident_id = ?"
          + " AND decision IS NULL", decision, Timestamp.from(now), by, incidentId);
    }
    return steps;
  }

  private Optional<Instant> instant(String sql, String... args) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getTimestamp(1) != null
            ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
      }
    }
  }

  private void exec(String sql, Object... args) throws SQLException {
    try (Connection c = store.connection()) {
      run(c, sql, args);
    }
  }

  private static void run(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}

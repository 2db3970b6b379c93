package io.runbookd.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guardrails' durable state: the kill switch, the ledger of mutating actions, target locks
 * and approvals. Read before every mutating step; written in the transaction that starts it.
 * Reads throw {@link StoreException} when the store cannot answer: guards then fail closed.
 */
public final class GuardStore {
  private final Store store;

  public GuardStore(Store store) {
    this.store = store;
  }

  /** The kill switch as stored: whether paused, and who set it when. */
  public record Switch(boolean paused, Instant at, Optional<String> by) {}

  public Switch killSwitch() {
    return store.read(c -> Sql.one(c, "SELECT setting, updated_at, updated_by FROM runtime_settings"
        + " WHERE name = 'paused'", rs -> new Switch(!"false".equals(rs.getString(1)), Sql.at(rs, 2),
            Optional.ofNullable(rs.getString(3)))).orElse(new Switch(true, Instant.EPOCH, Optional.empty())));
  }

  public boolean paused() {
    return killSwitch().paused();
  }

  public void setPaused(boolean paused, String by) {
    store.write(tx -> {
      setPaused(tx, paused, by);
      return null;
    });
  }

  /** Sets the kill switch in the caller's transaction (with, say, the reason it was set). */
  public static void setPaused(Tx tx, boolean paused, String by) {
    Sql.wrap(() -> Sql.update(tx.c(), "UPDATE runtime_settings SET setting = ?, updated_at = ?, updated_by = ?"
        + " WHERE name = 'paused'", String.valueOf(paused), tx.now(), by));
  }

  /** When this action last started on this target for another incident, if ever. */
  public Optional<Instant> lastAction(String action, String targetKey, String exceptIncident) {
    return store.read(c -> Sql.one(c, "SELECT MAX(recorded_at) FROM action_ledger WHERE target_key = ?"
        + " AND action = ? AND incident_id <> ?", rs -> Sql.instant(rs, 1).orElse(null),
        targetKey, action, exceptIncident));
  }

  /** How often this incident's step has started: its attempts. */
  public long attempts(String incidentId, String stepId) {
    return store.read(c -> Sql.count(c, "SELECT COUNT(*) FROM action_ledger WHERE incident_id = ? AND step_id = ?",
        incidentId, stepId));
  }

  /** When this incident's step first started, if it did. */
  public Optional<Instant> firstAttempt(String incidentId, String stepId) {
    return store.read(c -> Sql.one(c, "SELECT MIN(recorded_at) FROM action_ledger WHERE incident_id = ? AND step_id = ?",
        rs -> Sql.instant(rs, 1).orElse(null), incidentId, stepId));
  }

  /** Mutating actions started since {@code since}, across every rule and incident. */
  public long actionsSince(Instant since) {
    return store.read(c -> Sql.count(c, "SELECT COUNT(*) FROM action_ledger WHERE recorded_at >= ?", since));
  }

  /** The distinct targets this incident has acted on, by kind of target. */
  public Map<String, Set<String>> targetsOf(String incidentId) {
    return store.read(c -> {
      Map<String, Set<String>> out = new HashMap<>();
      Sql.list(c, "SELECT DISTINCT target_kind, target_key FROM action_ledger WHERE incident_id = ?",
          rs -> out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2)), incidentId);
      return out;
    });
  }

  /** Records that a mutating action starts: cooldowns, the budget and attempts count these rows. */
  public static void record(Tx tx, LedgerEntry entry) {
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO action_ledger (recorded_at, incident_id, rule_id, step_id,"
        + " action, target_key, target_kind) VALUES (?, ?, ?, ?, ?, ?, ?)", tx.now(), entry.incidentId(),
        entry.ruleId(), entry.stepId(), entry.action(), entry.targetKey(), entry.targetKind()));
  }

  /** One mutating action about to start. */
  public record LedgerEntry(String incidentId, String ruleId, String stepId, String action, String targetKey,
      String targetKind) {}

  /**
   * Takes the target for the incident until {@code until}: one remediation per target at a time.
   * Returns the other incident holding it, or empty when taken (or renewed) for this one.
   */
  public static Optional<String> lock(Tx tx, String targetKey, String incidentId, Instant until) {
    return Sql.wrap(() -> {
      Optional<String> holder = Sql.one(tx.c(), "SELECT incident_id FROM target_locks WHERE target_key = ?"
          + " AND expires_at > ?" + tx.dialect().forUpdate(), rs -> rs.getString(1), targetKey, tx.now());
      if (holder.isPresent() && !holder.get().equals(incidentId)) {
        return holder;
      }
      Sql.update(tx.c(), "DELETE FROM target_locks WHERE target_key = ?", targetKey);
      Sql.update(tx.c(), "INSERT INTO target_locks (target_key, incident_id, acquired_at, expires_at)"
          + " VALUES (?, ?, ?, ?)", targetKey, incidentId, tx.now(), until);
      return Optional.<String>empty();
    });
  }

  /** Extends every lock the incident holds (while it still acts or verifies). */
  public static void renewLocks(Tx tx, String incidentId, Instant until) {
    Sql.wrap(() -> Sql.update(tx.c(), "UPDATE target_locks SET expires_at = ? WHERE incident_id = ?", until, incidentId));
  }

  /** The incident holding the target now, if any. */
  public Optional<String> lockHolder(String targetKey, Instant now) {
    return store.read(c -> Sql.one(c, "SELECT incident_id FROM target_locks WHERE target_key = ? AND expires_at > ?",
        rs -> rs.getString(1), targetKey, now));
  }

  /** The targets the incident holds now. */
  public List<String> locksOf(String incidentId) {
    return store.read(c -> Sql.list(c, "SELECT target_key FROM target_locks WHERE incident_id = ? ORDER BY target_key",
        rs -> rs.getString(1), incidentId));
  }

  public static void releaseLocks(Tx tx, String incidentId) {
    Sql.wrap(() -> Sql.update(tx.c(), "DELETE FROM target_locks WHERE incident_id = ?", incidentId));
  }

  /** A step's approval: requested until {@code deadline}, decided or not. */
  public record Approval(String stepId, Instant deadline, Optional<String> decision, Optional<String> by) {}

  public Optional<Approval> approval(String incidentId, String stepId) {
    return store.read(c -> Sql.one(c, "SELECT deadline, decision, decided_by FROM approvals"
        + " WHERE incident_id = ? AND step_id = ?", rs -> new Approval(stepId, Sql.at(rs, 1),
            Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3))), incidentId, stepId));
  }

  /** Every approval of an incident, requested first first. */
  public List<Approval> approvals(String incidentId) {
    return store.read(c -> Sql.list(c, "SELECT step_id, deadline, decision, decided_by FROM approvals"
        + " WHERE incident_id = ? ORDER BY requested_at, step_id", rs -> new Approval(rs.getString(1),
            Sql.at(rs, 2), Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4))), incidentId));
  }

  public static void requestApproval(Tx tx, String incidentId, String stepId, Instant deadline) {
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO approvals (incident_id, step_id, requested_at, deadline)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", incidentId, stepId, tx.now(), deadline));
  }

  /**
   * Decides the incident's open approval in one conditional update: of two concurrent decisions
   * exactly one wins, and a decision after the deadline decides nothing. Returns the steps it
   * decided (empty when nothing was open).
   */
  public static Set<String> decide(Tx tx, String incidentId, String decision, String by) {
    return Sql.wrap(() -> {
      Set<String> steps = new HashSet<>(Sql.list(tx.c(), "SELECT step_id FROM approvals WHERE incident_id = ?"
          + " AND decision IS NULL AND deadline > ?", rs -> rs.getString(1), incidentId, tx.now()));
      Set<String> decided = new HashSet<>();
      for (String step : steps) {
        if (Sql.update(tx.c(), "UPDATE approvals SET decision = ?, decided_at = ?, decided_by = ?"
            + " WHERE incident_id = ? AND step_id = ? AND decision IS NULL AND deadline > ?",
            decision, tx.now(), by, incidentId, step, tx.now()) == 1) {
          decided.add(step);
        }
      }
      return decided;
    });
  }
}

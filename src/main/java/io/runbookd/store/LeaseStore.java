package io.runbookd.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which process works on which incident. Several replicas share the store: each claims due
 * incidents with a short lease, renews it while it works, and fences every step it records with
 * it. A lease is never "free" because its owner looks like us: owners are unique per process.
 */
public final class LeaseStore {
  /** Due incidents: reads only due rows through {@code incidents_due} (a test checks the plan). */
  static final String DUE = "SELECT id FROM incidents WHERE next_run_at <= ?"
      + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_run_at LIMIT ?";

  private final Store store;

  public LeaseStore(Store store) {
    this.store = store;
  }

  /** Incidents that are due and not leased, the longest waiting first: only due rows are read. */
  public List<String> due(Instant now, int limit) {
    return store.read(c -> Sql.list(c, DUE, rs -> rs.getString(1), now, now, limit));
  }

  /** How many incidents are due now (the engine's backlog). */
  public long dueCount(Instant now) {
    return store.read(c -> Sql.count(c, "SELECT COUNT(*) FROM incidents WHERE next_run_at <= ?", now));
  }

  /** Since when the longest-waiting due incident has been due. */
  public Optional<Instant> oldestDue(Instant now) {
    return store.read(c -> Sql.one(c, "SELECT MIN(next_run_at) FROM incidents WHERE next_run_at <= ?",
        rs -> Sql.instant(rs, 1).orElse(null), now));
  }

  /** Takes the incident for {@code owner} for {@code ttl}; empty when another holds it. */
  public Optional<Lease> claim(String id, String owner, Duration ttl) {
    return store.write(tx -> {
      Instant now = tx.now();
      int claimed = Sql.update(tx.c(), "UPDATE incidents SET lease_owner = ?, lease_token = lease_token + 1,"
          + " lease_until = ? WHERE id = ? AND (lease_until IS NULL OR lease_until < ?)",
          owner, now.plus(ttl), id, now);
      if (claimed != 1) {
        return Optional.<Lease>empty();
      }
      long token = Sql.count(tx.c(), "SELECT lease_token FROM incidents WHERE id = ?", id);
      return Optional.of(new Lease(id, owner, token));
    });
  }

  /** Extends a lease still held; false when it was lost (expired and taken, or released). */
  public boolean renew(Lease lease, Duration ttl) {
    return store.write(tx -> Sql.update(tx.c(), "UPDATE incidents SET lease_until = ? WHERE id = ?"
        + " AND lease_owner = ? AND lease_token = ? AND lease_until >= ?",
        tx.now().plus(ttl), lease.incidentId(), lease.owner(), lease.token(), tx.now()) == 1);
  }

  /** Makes the incident due again at {@code at} (after a failed pass), if the lease still holds. */
  public void later(Lease lease, Instant at) {
    store.write(tx -> Sql.update(tx.c(), "UPDATE incidents SET next_run_at = ? WHERE id = ? AND lease_owner = ?"
        + " AND lease_token = ? AND ended_at IS NULL", at, lease.incidentId(), lease.owner(), lease.token()));
  }

  public void release(Lease lease) {
    store.write(tx -> Sql.update(tx.c(), "UPDATE incidents SET lease_owner = NULL, lease_until = NULL"
        + " WHERE id = ? AND lease_owner = ? AND lease_token = ?",
        lease.incidentId(), lease.owner(), lease.token()));
  }

  /**
   * In the caller's transaction: refuses the whole write unless the lease is still held, so a
   * process that lost its lease can neither record a step nor move the incident.
   */
  public static void fence(Tx tx, Lease lease) {
    long held = Sql.wrap(() -> Sql.count(tx.c(), "SELECT COUNT(*) FROM incidents WHERE id = ?"
        + " AND lease_owner = ? AND lease_token = ? AND lease_until >= ?",
        lease.incidentId(), lease.owner(), lease.token(), tx.now()));
    if (held != 1) {
      throw new LeaseLost(lease);
    }
  }

  /** The lease was lost while the work ran: the write is refused, another process owns it now. */
  public static final class LeaseLost extends StoreException {
    private static final long serialVersionUID = 1L;

    LeaseLost(Lease lease) {
      super("the lease on incident " + lease.incidentId() + " (token " + lease.token() + ") was lost");
    }
  }
}

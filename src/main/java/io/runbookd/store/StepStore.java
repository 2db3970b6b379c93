package io.runbookd.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The steps an incident's runbook took: probes answered, actions started and finished, undos. */
public final class StepStore {
  private final Store store;

  public StepStore(Store store) {
    this.store = store;
  }

  public Map<String, StepRecord> steps(String incidentId) {
    return store.read(c -> {
      Map<String, StepRecord> out = new LinkedHashMap<>();
      Sql.list(c, "SELECT step_key, status, params, result, detail, undo, started_at, finished_at"
          + " FROM incident_steps WHERE incident_id = ? ORDER BY started_at, step_key", rs -> out.put(
              rs.getString(1), new StepRecord(rs.getString(1), rs.getString(2),
                  Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4)),
                  Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
                  Sql.at(rs, 7), Sql.instant(rs, 8))), incidentId);
      return out;
    });
  }

  /** Records that a step starts (or starts again), with what undoing it needs, before it runs. */
  public static void start(Tx tx, String incidentId, String key, String params, Optional<String> undo) {
    Sql.wrap(() -> {
      forget(tx, incidentId, key);
      return Sql.update(tx.c(), "INSERT INTO incident_steps (incident_id, step_key, status, params, undo,"
          + " started_at) VALUES (?, ?, ?, ?, ?, ?)",
          incidentId, key, StepRecord.STARTED, text(params), undo.<Object>map(u -> u).orElse(Sql.NULL_TEXT), tx.now());
    });
  }

  /** Records a step's outcome (a step that never started, such as a skip, is inserted finished). */
  public static void finish(Tx tx, String incidentId, String key, String status, String result, String detail) {
    Instant now = tx.now();
    Sql.wrap(() -> {
      int updated = Sql.update(tx.c(), "UPDATE incident_steps SET status = ?, result = ?, detail = ?,"
          + " finished_at = ? WHERE incident_id = ? AND step_key = ?",
          status, text(result), text(detail), now, incidentId, key);
      if (updated == 0) {
        Sql.update(tx.c(), "INSERT INTO incident_steps (incident_id, step_key, status, result, detail,"
            + " started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            incidentId, key, status, text(result), text(detail), now, now);
      }
      return null;
    });
  }

  /** Forgets a step so that it is decided again (a retry of what provably did not happen). */
  public static void forget(Tx tx, String incidentId, String key) {
    Sql.wrap(() -> Sql.update(tx.c(), "DELETE FROM incident_steps WHERE incident_id = ? AND step_key = ?",
        incidentId, key));
  }

  private static Object text(String value) {
    return value == null ? Sql.NULL_TEXT : value;
  }
}

package io.runbookd.store;

import java.time.Instant;
import java.util.Optional;

/** What a runbook's incidents say about its runs: the last one, by how it was started. */
public final class RunHistory {
  private final Store store;

  public RunHistory(Store store) {
    this.store = store;
  }

  /**
   * A run of a runbook.
   *
   * @param trigger {@code alert}, {@code schedule}, {@code manual} or {@code drill}
   * @param at when its incident opened
   */
  public record Run(String incident, String status, String trigger, Instant at) {}

  /** The newest incident of the runbook that was not a drill (drills have their own record). */
  public Optional<Run> lastRun(String ruleId) {
    return store.read(c -> Sql.one(c, "SELECT id, status, trigger_kind, created_at FROM incidents"
        + " WHERE rule_id = ? AND trigger_kind <> 'drill' ORDER BY seq DESC LIMIT 1", RunHistory::run, ruleId));
  }

  /** The newest incident the runbook's schedule opened. */
  public Optional<Run> lastScheduled(String ruleId) {
    return store.read(c -> Sql.one(c, "SELECT id, status, trigger_kind, created_at FROM incidents"
        + " WHERE rule_id = ? AND trigger_kind = 'schedule' ORDER BY seq DESC LIMIT 1", RunHistory::run, ruleId));
  }

  private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Run(rs.getString(1), rs.getString(2), rs.getString(3), Sql.at(rs, 4));
  }
}

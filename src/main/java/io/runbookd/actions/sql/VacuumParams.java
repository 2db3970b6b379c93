package io.runbookd.actions.sql;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@code sql.vacuum_analyze} runs: {@code VACUUM (ANALYZE)} of one table, or of every table of
 * the datasource's database when {@code table} is empty, under a statement timeout.
 */
record VacuumParams(String datasource, Optional<TableName> table, Duration timeout) {
  /** {@code table games} or {@code database nba_stats}. */
  String scope() {
    return table.map(t -> "table " + t).orElse("database of " + datasource);
  }
}

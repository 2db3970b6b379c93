package io.runbookd.actions.sql;

import java.time.Duration;
import java.util.List;

/**
 * What {@code sql.create_index_concurrently} builds: a b-tree index {@code name} on {@code table}
 * ({@code columns} in order), unique or not, under a statement and lock timeout.
 */
record IndexParams(
    String datasource,
    TableName table,
    List<String> columns,
    String name,
    boolean unique,
    Duration timeout) {
  IndexParams {
    columns = List.copyOf(columns);
  }

  /** {@code idx_<table>_<col>_<col>}, cut to PostgreSQL's 63-byte limit. */
  static String defaultName(TableName table, List<String> columns) {
    String name = "idx_" + table.table() + "_" + String.join("_", columns);
    return name.length() <= 63 ? name : name.substring(0, 63);
  }
}

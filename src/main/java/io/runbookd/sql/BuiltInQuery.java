package io.runbookd.sql;

import java.util.Arrays;
import java.util.Optional;

/** The queries {@code sql.query} ships with, by the name rule files use. */
public enum BuiltInQuery {
  CONNECTIONS("connections", "connections in use against max_connections, by state"),
  SLOW_STATEMENTS(
      "slow_statements", "statements from pg_stat_statements slower on average than threshold_ms"),
  BLOCKING("blocking", "sessions waiting for locks held by others, and the sessions holding them"),
  LONG_TRANSACTIONS("long_transactions", "transactions open for at least min_seconds"),
  TABLE_SIZES("table_sizes", "the database's size and its largest tables, indexes included");

  private final String wire;
  private final String description;

  BuiltInQuery(String wire, String description) {
    this.wire = wire;
    this.description = description;
  }

  /** The name rule files use. */
  public String wire() {
    return wire;
  }

  public String description() {
    return description;
  }

  public static Optional<BuiltInQuery> named(String name) {
    return Arrays.stream(values()).filter(q -> q.wire.equals(name)).findFirst();
  }
}

package io.runbookd.actions.sql;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.sql.SqlIdentifiers;
import io.runbookd.sql.SqlWriters;
import java.time.Duration;
import java.util.Optional;

/** Parameters the SQL actions share, with the checks that keep alert text out of SQL. */
final class SqlActionParams {
  static final String DATASOURCE = "datasource";
  static final String TABLE = "table";
  static final String NAME = "name";
  static final String TIMEOUT = "timeout";

  /**
   * What DDL waits for by default: the engine gives an action call 60 s, and a statement still
   * running after the engine stopped waiting would finish unobserved.
   */
  static final Duration DDL_TIMEOUT = Duration.ofSeconds(50);

  private SqlActionParams() {}

  /** A datasource configured under {@code datasources.NAME}: a label can only pick one. */
  static Param datasource(SqlWriters writers) {
    return Param.required(
        DATASOURCE,
        ParamType.STRING,
        "a datasource configured under datasources.NAME",
        value ->
            writers.contains(String.valueOf(value))
                ? Optional.empty()
                : Optional.of(writers.unknown(String.valueOf(value))));
  }

  static final Param TABLE_PARAM =
      Param.required(
          TABLE,
          ParamType.STRING,
          "the table, `games` or `schema.games` (plain lower-case identifiers)",
          SqlIdentifiers.TABLE_CHECK);

  static final Check DDL_RANGE =
      value -> {
        Duration d = (Duration) value;
        return d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(SqlWriters.MAX_TIMEOUT) > 0
            ? Optional.of("must be between 1s and 30m, got " + d.toMillis() + "ms")
            : Optional.empty();
      };

  static final Param DDL_TIMEOUT_PARAM =
      Param.optional(
          TIMEOUT,
          ParamType.DURATION,
          "statement and lock timeout of the DDL, 1s to 30m (default 50s; the engine waits 60s"
              + " for an action, a longer build goes on unobserved and recheck sees it)",
          DDL_RANGE);
}

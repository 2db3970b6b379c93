package io.runbookd.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * One writer connection, as {@link SqlWriters} hands it to an action. Autocommit is on: every
 * statement is its own transaction (what {@code CREATE INDEX CONCURRENTLY} requires, and what makes
 * each read of {@code pg_stat_activity} see a fresh snapshot). Values are bound; only DDL, which
 * cannot bind names, runs as text, built from {@link SqlIdentifiers}-checked names.
 */
public final class WriteSession {
  static final int MAX_WARNINGS = 20;

  private final Connection connection;
  private final Session reads;

  WriteSession(Connection connection) {
    this.connection = connection;
    this.reads = new Session(connection);
  }

  /** One query, {@code args} bound in order; at most {@link Session#MAX_ROWS} rows. */
  public Rows select(String sql, List<?> args) throws SQLException {
    return reads.select(sql, args, Session.MAX_ROWS);
  }

  /** A statement without parameters (DDL); its text must come from checked identifiers only. */
  public void execute(String ddl) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(ddl);
    }
  }

  /**
   * As {@link #execute}, and returns the first line of each WARNING the server sent while it ran
   * (e.g. VACUUM's "skipping ..." for a table it may not or could not lock), at most {@value
   * #MAX_WARNINGS}.
   */
  public List<String> executeForWarnings(String ddl) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(ddl);
      List<String> warnings = new java.util.ArrayList<>();
      for (SQLWarning w = statement.getWarnings();
          w != null && warnings.size() < MAX_WARNINGS;
          w = w.getNextWarning()) {
        warnings.add(SqlValues.clip(firstLine(w.getMessage())));
      }
      return warnings;
    }
  }

  private static String firstLine(String text) {
    String t = String.valueOf(text).strip();
    int nl = t.indexOf('\n');
    return (nl < 0 ? t : t.substring(0, nl)).replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * Sets the server-side bounds for the statements that follow: {@code statement_timeout} and
   * {@code lock_timeout}, both enforced by the database itself.
   */
  public void timeouts(Duration statement, Duration lock) throws SQLException {
    try (PreparedStatement set =
        connection.prepareStatement(
            "SELECT set_config('statement_timeout', ?, false), set_config('lock_timeout', ?,"
                + " false)")) {
      set.setString(1, statement.toMillis() + "ms");
      set.setString(2, lock.toMillis() + "ms");
      set.execute();
    }
  }
}

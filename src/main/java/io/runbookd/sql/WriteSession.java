package io.runbookd.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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

package io.runbookd.sql;

import io.runbookd.plugin.RefusedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * The one way runbookd reads a target database: a read-only transaction with a statement timeout,
 * fixed SQL with bound parameters, rolled back at the end. The timeout is the database's own
 * ({@code statement_timeout}), so a runaway query stops on the server too, not only in runbookd.
 */
public final class SqlReader {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(20);

  /** What runs inside one read-only transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T read(Session session) throws SQLException, RefusedException;
  }

  private final Datasources datasources;

  public SqlReader(Datasources datasources) {
    this.datasources = Objects.requireNonNull(datasources);
  }

  /**
   * Runs {@code work} against {@code datasource}. Throws {@link RefusedException} when the database
   * refused (a write, a missing table or privilege, a bad value), {@link SQLException} when it
   * could not answer (unreachable, overloaded, the statement timed out).
   */
  public <T> T read(String datasource, Duration timeout, Work<T> work)
      throws SQLException, RefusedException {
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT);
    }
    try (Connection connection = datasources.open(datasource)) {
      begin(connection, timeout);
      T result = work.read(new Session(connection));
      // Nothing to commit: the transaction only read. The pool also rolls back on errors.
      connection.rollback();
      return result;
    } catch (SQLException e) {
      throw SqlErrors.failureOrThrow(e);
    }
  }

  private static void begin(Connection connection, Duration timeout) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      // The first statement of the transaction; the connection defaults to read-only as well.
      statement.execute("SET TRANSACTION READ ONLY");
    }
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
      statement.setString(1, timeout.toMillis() + "ms");
      statement.execute();
    }
  }
}

package io.runbookd.sql;

import com.zaxxer.hikari.HikariConfig;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.RefusedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The connections SQL actions change a database through, kept apart from the read-only pools of
 * {@link Datasources} so that probes can never write. One small pool per configured datasource,
 * created on first use, with the same credentials and {@code application_name} {@value
 * Datasources#APPLICATION_NAME} (actions skip runbookd's own sessions by it). Autocommit is on.
 * Every use sets its own {@code statement_timeout} and {@code lock_timeout}, and the socket timeout
 * follows the statement timeout, so a long index build is not cut by the client while a hung server
 * still is. URLs and passwords never appear in messages.
 */
public final class SqlWriters implements AutoCloseable {
  /** Two: a long index build must not hold up a session termination on the same database. */
  static final int POOL_SIZE = 2;

  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration NETWORK_MARGIN = Duration.ofSeconds(30);

  /** What runs on one writer connection. */
  @FunctionalInterface
  public interface Work<T> {
    T write(WriteSession session) throws SQLException, RefusedException, InterruptedException;
  }

  private final PoolSettings settings;
  private final LazyPools pools;

  public SqlWriters(Map<String, RunbookdConfig.Datasource> configured) {
    this(configured, PoolSettings.DEFAULTS);
  }

  /**
   * {@code settings} bound connecting and idle sockets; the pool size is always {@value
   * #POOL_SIZE}.
   */
  public SqlWriters(Map<String, RunbookdConfig.Datasource> configured, PoolSettings settings) {
    this.settings = Objects.requireNonNull(settings);
    this.pools = new LazyPools(configured, "SQL writers", "writer pool", this::config);
  }

  public boolean contains(String name) {
    return pools.contains(name);
  }

  /** The message for a name that is not configured. */
  public String unknown(String name) {
    return pools.unknown(name);
  }

  /**
   * Runs {@code work} on a writer connection of {@code datasource}, with {@code statement_timeout}
   * {@code timeout} and {@code lock_timeout} the smaller of it and {@link #DEFAULT_LOCK_TIMEOUT}
   * (the work may change both). Throws {@link RefusedException} when the database refused (a
   * missing privilege or object, a bad value), {@link SQLException} when it could not answer.
   */
  public <T> T write(String datasource, Duration timeout, Work<T> work)
      throws SQLException, RefusedException, InterruptedException {
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be positive and at most " + MAX_TIMEOUT);
    }
    try (Connection connection = pools.pool(datasource).getConnection()) {
      // The pool puts the configured socket timeout back when the connection returns.
      connection.setNetworkTimeout(Runnable::run, (int) timeout.plus(NETWORK_MARGIN).toMillis());
      WriteSession session = new WriteSession(connection);
      session.timeouts(timeout, min(timeout, DEFAULT_LOCK_TIMEOUT));
      return work.write(session);
    } catch (SQLException e) {
      throw SqlErrors.failureOrThrow(e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private HikariConfig config(String name, RunbookdConfig.Datasource datasource) {
    HikariConfig c =
        LazyPools.config("runbookd-sql-writer-" + name, datasource, settings, POOL_SIZE);
    c.setAutoCommit(true);
    return c;
  }

  @Override
  public void close() {
    pools.close();
  }
}

package io.runbookd.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.RefusedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

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

  private final Map<String, RunbookdConfig.Datasource> configured;
  private final PoolSettings settings;
  private final Map<String, HikariDataSource> pools = new HashMap<>();
  private boolean closed;

  public SqlWriters(Map<String, RunbookdConfig.Datasource> configured) {
    this(configured, PoolSettings.DEFAULTS);
  }

  /**
   * {@code settings} bound connecting and idle sockets; the pool size is always {@value
   * #POOL_SIZE}.
   */
  public SqlWriters(Map<String, RunbookdConfig.Datasource> configured, PoolSettings settings) {
    this.configured = Map.copyOf(configured);
    this.settings = Objects.requireNonNull(settings);
  }

  public boolean contains(String name) {
    return configured.containsKey(name);
  }

  /** The message for a name that is not configured. */
  public String unknown(String name) {
    return "unknown datasource '"
        + Checks.clip(name)
        + "'; configured: "
        + (configured.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(configured.keySet())));
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
    try (Connection connection = pool(datasource).getConnection()) {
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

  private synchronized HikariDataSource pool(String name)
      throws SQLException, UnknownDatasourceException {
    if (closed) {
      throw new IllegalStateException("SQL writers are closed");
    }
    RunbookdConfig.Datasource datasource = configured.get(name);
    if (datasource == null) {
      throw new UnknownDatasourceException(unknown(name));
    }
    HikariDataSource pool = pools.get(name);
    if (pool == null) {
      try {
        pool = new HikariDataSource(config(name, datasource));
      } catch (RuntimeException e) {
        // Hikari's message quotes the JDBC URL, which may carry a password: keep only the kind.
        throw new SQLException(
            "datasource "
                + name
                + ": cannot create its writer pool ("
                + e.getClass().getSimpleName()
                + ")");
      }
      pools.put(name, pool);
    }
    return pool;
  }

  private HikariConfig config(String name, RunbookdConfig.Datasource datasource) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("runbookd-sql-writer-" + name);
    c.setJdbcUrl(datasource.url());
    datasource.user().ifPresent(c::setUsername);
    datasource.password().ifPresent(p -> c.setPassword(p.reveal()));
    c.setMaximumPoolSize(POOL_SIZE);
    c.setMinimumIdle(0);
    c.setAutoCommit(true);
    long connectMillis = settings.connectionTimeout().toMillis();
    c.setConnectionTimeout(connectMillis);
    c.setValidationTimeout(Math.min(2_000, connectMillis));
    c.setInitializationFailTimeout(-1);
    long connectSeconds = Math.max(1, settings.connectionTimeout().toSeconds());
    c.addDataSourceProperty("ApplicationName", Datasources.APPLICATION_NAME);
    c.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
    c.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
    c.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
    return c;
  }

  @Override
  public synchronized void close() {
    closed = true;
    pools.values().forEach(HikariDataSource::close);
    pools.clear();
  }
}

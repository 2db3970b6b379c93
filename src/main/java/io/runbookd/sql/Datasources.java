package io.runbookd.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.Checks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One small HikariCP pool per configured datasource, created on first use so that a database nobody
 * probes is never contacted. Every connection is read-only ({@code default_transaction_read_only},
 * and the pool's read-only flag) and names itself {@value #APPLICATION_NAME} in {@code
 * pg_stat_activity}, so runbookd's own sessions can be told apart. URLs and passwords never appear
 * in messages: a URL may carry a password.
 */
public final class Datasources implements AutoCloseable {
  public static final String APPLICATION_NAME = "runbookd";

  private final Map<String, RunbookdConfig.Datasource> configured;
  private final PoolSettings settings;
  private final Map<String, HikariDataSource> pools = new HashMap<>();
  private boolean closed;

  public Datasources(Map<String, RunbookdConfig.Datasource> configured) {
    this(configured, PoolSettings.DEFAULTS);
  }

  public Datasources(Map<String, RunbookdConfig.Datasource> configured, PoolSettings settings) {
    this.configured = Map.copyOf(configured);
    this.settings = settings;
  }

  /** The configured names, sorted. */
  public SortedSet<String> names() {
    return new TreeSet<>(configured.keySet());
  }

  public boolean contains(String name) {
    return configured.containsKey(name);
  }

  /** The message for a name that is not configured. */
  public String unknown(String name) {
    return "unknown datasource '"
        + Checks.clip(name)
        + "'; configured: "
        + (configured.isEmpty() ? "(none)" : String.join(", ", names()));
  }

  /**
   * A read-only connection from the datasource's pool (autocommit off); the caller closes it.
   * Blocks at most the pool's connection timeout.
   */
  public Connection open(String name) throws SQLException, UnknownDatasourceException {
    return pool(name).getConnection();
  }

  private synchronized HikariDataSource pool(String name)
      throws SQLException, UnknownDatasourceException {
    if (closed) {
      throw new IllegalStateException("datasources are closed");
    }
    RunbookdConfig.Datasource datasource = configured.get(name);
    if (datasource == null) {
      throw new UnknownDatasourceException(unknown(name));
    }
    HikariDataSource pool = pools.get(name);
    if (pool == null) {
      pool = create(name, datasource);
      pools.put(name, pool);
    }
    return pool;
  }

  private HikariDataSource create(String name, RunbookdConfig.Datasource datasource)
      throws SQLException {
    try {
      return new HikariDataSource(config(name, datasource));
    } catch (RuntimeException e) {
      // Hikari's message quotes the JDBC URL, which may carry a password: keep only the kind.
      throw new SQLException(
          "datasource " + name + ": cannot create its pool (" + e.getClass().getSimpleName() + ")");
    }
  }

  private HikariConfig config(String name, RunbookdConfig.Datasource datasource) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("runbookd-sql-" + name);
    c.setJdbcUrl(datasource.url());
    datasource.user().ifPresent(c::setUsername);
    datasource.password().ifPresent(p -> c.setPassword(p.reveal()));
    c.setMaximumPoolSize(settings.maxSize());
    c.setMinimumIdle(0);
    c.setReadOnly(true);
    c.setAutoCommit(false);
    long connectMillis = settings.connectionTimeout().toMillis();
    c.setConnectionTimeout(connectMillis);
    c.setValidationTimeout(Math.min(2_000, connectMillis));
    // Start without a connection: a database that is down must not stop the daemon starting.
    c.setInitializationFailTimeout(-1);
    long connectSeconds = Math.max(1, settings.connectionTimeout().toSeconds());
    c.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    c.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
    c.addDataSourceProperty("loginTimeout", String.valueOf(connectSeconds));
    c.addDataSourceProperty("socketTimeout", String.valueOf(settings.socketTimeout().toSeconds()));
    c.addDataSourceProperty("options", "-c default_transaction_read_only=on");
    return c;
  }

  @Override
  public synchronized void close() {
    closed = true;
    pools.values().forEach(HikariDataSource::close);
    pools.clear();
  }
}

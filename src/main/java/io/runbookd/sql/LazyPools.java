package io.runbookd.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.Checks;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * One small HikariCP pool per configured datasource, created on first use so that a database nobody
 * uses is never contacted, and closed all at once: the lifecycle {@link Datasources} and {@link
 * SqlWriters} share. URLs and passwords never appear in messages: a URL may carry a password.
 */
final class LazyPools implements AutoCloseable {
  private final Map<String, RunbookdConfig.Datasource> configured;
  private final String owner;
  private final String kind;
  private final BiFunction<String, RunbookdConfig.Datasource, HikariConfig> config;
  private final Map<String, HikariDataSource> pools = new HashMap<>();
  private boolean closed;

  /**
   * @param owner what is closed, as the error after {@link #close} says it
   * @param kind what a pool is, as the error when one cannot be created says it
   * @param config the pool's configuration, from the datasource's name and settings
   */
  LazyPools(
      Map<String, RunbookdConfig.Datasource> configured,
      String owner,
      String kind,
      BiFunction<String, RunbookdConfig.Datasource, HikariConfig> config) {
    this.configured = Map.copyOf(configured);
    this.owner = owner;
    this.kind = kind;
    this.config = config;
  }

  /** The configured names, sorted. */
  SortedSet<String> names() {
    return new TreeSet<>(configured.keySet());
  }

  boolean contains(String name) {
    return configured.containsKey(name);
  }

  /** The message for a name that is not configured. */
  String unknown(String name) {
    return "unknown datasource '"
        + Checks.clip(name)
        + "'; configured: "
        + (configured.isEmpty() ? "(none)" : String.join(", ", names()));
  }

  synchronized HikariDataSource pool(String name) throws SQLException, UnknownDatasourceException {
    if (closed) {
      throw new IllegalStateException(owner + " are closed");
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
      return new HikariDataSource(config.apply(name, datasource));
    } catch (RuntimeException e) {
      // Hikari's message quotes the JDBC URL, which may carry a password: keep only the kind.
      throw new SQLException(
          "datasource "
              + name
              + ": cannot create its "
              + kind
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * What every pool shares: credentials, {@code application_name} {@value
   * Datasources#APPLICATION_NAME}, bounded connecting and idle sockets, no idle connection kept,
   * and no connection at start: a database that is down must not stop the daemon starting.
   */
  static HikariConfig config(
      String poolName, RunbookdConfig.Datasource datasource, PoolSettings settings, int maxSize) {
    HikariConfig c = new HikariConfig();
    c.setPoolName(poolName);
    c.setJdbcUrl(datasource.url());
    datasource.user().ifPresent(c::setUsername);
    datasource.password().ifPresent(p -> c.setPassword(p.reveal()));
    c.setMaximumPoolSize(maxSize);
    c.setMinimumIdle(0);
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

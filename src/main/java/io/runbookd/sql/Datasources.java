package io.runbookd.sql;

import com.zaxxer.hikari.HikariConfig;
import io.runbookd.config.RunbookdConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.SortedSet;

/**
 * One small HikariCP pool per configured datasource, created on first use so that a database nobody
 * probes is never contacted. Every connection is read-only ({@code default_transaction_read_only},
 * and the pool's read-only flag) and names itself {@value #APPLICATION_NAME} in {@code
 * pg_stat_activity}, so runbookd's own sessions can be told apart. URLs and passwords never appear
 * in messages: a URL may carry a password.
 */
public final class Datasources implements AutoCloseable {
  public static final String APPLICATION_NAME = "runbookd";

  private final PoolSettings settings;
  private final LazyPools pools;

  public Datasources(Map<String, RunbookdConfig.Datasource> configured) {
    this(configured, PoolSettings.DEFAULTS);
  }

  public Datasources(Map<String, RunbookdConfig.Datasource> configured, PoolSettings settings) {
    this.settings = settings;
    this.pools = new LazyPools(configured, "datasources", "pool", this::config);
  }

  /** The configured names, sorted. */
  public SortedSet<String> names() {
    return pools.names();
  }

  public boolean contains(String name) {
    return pools.contains(name);
  }

  /** The message for a name that is not configured. */
  public String unknown(String name) {
    return pools.unknown(name);
  }

  /**
   * A read-only connection from the datasource's pool (autocommit off); the caller closes it.
   * Blocks at most the pool's connection timeout.
   */
  public Connection open(String name) throws SQLException, UnknownDatasourceException {
    return pools.pool(name).getConnection();
  }

  private HikariConfig config(String name, RunbookdConfig.Datasource datasource) {
    HikariConfig c =
        LazyPools.config("runbookd-sql-" + name, datasource, settings, settings.maxSize());
    c.setReadOnly(true);
    c.setAutoCommit(false);
    c.addDataSourceProperty("options", "-c default_transaction_read_only=on");
    return c;
  }

  @Override
  public void close() {
    pools.close();
  }
}

package io.runbookd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runbookd.config.RunbookdConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * runbookd's own database: a connection pool, migrated on open. The embedded H2 file is the
 * default; PostgreSQL is the store for production and for several replicas.
 */
public final class Store implements AutoCloseable {
  private final HikariDataSource pool;
  private final Dialect dialect;
  private final AutoCloseable maintenance;

  private Store(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.maintenance = dialect == Dialect.H2 ? new H2Compaction(pool).start() : () -> {};
  }

  public static Store open(RunbookdConfig.Store config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(durableUrl(config.url()));
    config.user().ifPresent(hikari::setUsername);
    config.password().ifPresent(p -> hikari.setPassword(p.reveal()));
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("runbookd-store");
    hikari.setConnectionTimeout(5_000);
    hikari.setValidationTimeout(2_000);
    hikari.setInitializationFailTimeout(-1);
    HikariDataSource pool = new HikariDataSource(hikari);
    try {
      Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("cannot migrate the store: " + rootMessage(e), e);
    }
    return new Store(pool, Dialect.of(config.url()));
  }

  /**
   * H2 delays writing commits by up to 500 ms by default, so a process killed with SIGKILL can
   * lose commits it already acknowledged. {@code WRITE_DELAY=0} writes each commit out before
   * it returns: a {@code 200} to Alertmanager then means the alert is in the file (H2 does not
   * fsync: power loss is PostgreSQL's job). It also stops H2's background compaction, which
   * {@link H2Compaction} replaces.
   */
  static String durableUrl(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return url;
    }
    String upper = url.toUpperCase(Locale.ROOT);
    String out = upper.contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
    // runbookd closes the store itself, after draining the intake; H2's own shutdown hook
    // would close it first and fail the deliveries still queued.
    return upper.contains("DB_CLOSE_ON_EXIT") ? out : out + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Whether the store answers a trivial query now. */
  public boolean ping() {
    try (Connection c = pool.getConnection();
        var st = c.createStatement()) {
      return st.execute("SELECT 1");
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      maintenance.close();
    } catch (Exception e) {
      // nothing to do: the thread is a daemon
    }
    pool.close();
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}

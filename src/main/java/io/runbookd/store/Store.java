package io.runbookd.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.metrics.Metrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;

/**
 * runbookd's own database: embedded SQLite by default (WAL, every commit synced), PostgreSQL for
 * production and several replicas. Writes go through one writer that group-commits ({@link
 * #write}, {@link #submit}); reads use their own connections ({@link #read}). Only this package
 * sees JDBC: everything else calls the store classes built on this one.
 */
public final class Store implements AutoCloseable {
  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final Dialect dialect;
  private final HikariDataSource writerPool;
  private final HikariDataSource readers;
  private final HikariDataSource maintenance;
  private final Writer writer;
  private final StoreHealth health;
  private final Clock clock;
  private final String location;

  private Store(Dialect dialect, HikariDataSource writerPool, HikariDataSource readers,
      HikariDataSource maintenance, Writer writer, StoreHealth health, Clock clock, String location) {
    this.dialect = dialect;
    this.writerPool = writerPool;
    this.readers = readers;
    this.maintenance = maintenance;
    this.writer = writer;
    this.health = health;
    this.clock = clock;
    this.location = location;
  }

  /** Opens (creating and migrating it if needed) the store; throws naming what is wrong. */
  public static Store open(RunbookdConfig.Store config, Clock clock, Metrics metrics) {
    Dialect dialect = Dialect.of(config.url());
    Connections connections = new Connections(config, dialect);
    HikariDataSource maintenance = connections.pool("runbookd-store-maintenance", 2, false);
    HikariDataSource writerPool = null;
    HikariDataSource readers = null;
    try {
      connections.prepare(maintenance);
      // Flyway takes a lock on one connection and migrates on another: this pool has both.
      Flyway.configure().dataSource(maintenance).locations(dialect.migrations()).load().migrate();
      writerPool = connections.pool("runbookd-store-writer", 1, true);
      readers = connections.pool("runbookd-store-read", config.poolSize(), false);
    } catch (RuntimeException | SQLException e) {
      for (HikariDataSource pool : new HikariDataSource[] {maintenance, writerPool, readers}) {
        if (pool != null) {
          pool.close();
        }
      }
      throw connections.openFailure(e);
    }
    StoreHealth health = new StoreHealth();
    Writer writer = new Writer(writerPool, dialect, clock, metrics, health, 50_000).start();
    Store store = new Store(dialect, writerPool, readers, maintenance, writer, health, clock,
        connections.location());
    metrics.gauge("runbookd_store_ready", "1 when the store accepts writes", () -> health.writable() ? 1 : 0);
    metrics.gauge("runbookd_store_write_queue", "writes waiting for the store's writer", writer::queued);
    return store;
  }

  public Dialect dialect() {
    return dialect;
  }

  public Clock clock() {
    return clock;
  }

  /** Where the store is, for logs: the file, or the PostgreSQL host and database. */
  public String location() {
    return location;
  }

  /** Queues a write for the next group commit; the future completes after the commit. */
  public <T> CompletableFuture<T> submit(Work<T> work, int weight) {
    return writer.submit(work, weight);
  }

  /** Runs a write and waits for its commit. */
  public <T> T write(Work<T> work) {
    try {
      return writer.submit(work, 1).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof StoreException s ? s : new StoreException("write failed", e.getCause());
    } catch (TimeoutException e) {
      throw new StoreException("the store did not commit within " + WRITE_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the store", e);
    }
  }

  /**
   * Runs work outside any transaction on a connection of its own (a WAL checkpoint, an
   * incremental vacuum: SQLite lets them run beside the writer and the readers).
   */
  <T> T alone(Work<T> work) {
    try (Connection c = maintenance.getConnection()) {
      return work.run(new Tx(c, dialect, clock.instant()));
    } catch (SQLException e) {
      throw new StoreException("store maintenance failed: " + StoreFaults.describe(e), e);
    }
  }

  /** A read on a connection of its own (never the writer's). */
  @FunctionalInterface
  interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T read(Read<T> work) {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("store read failed: " + StoreFaults.describe(e), e);
    }
  }

  /** Whether the store accepts writes and answers reads now (readiness). */
  public boolean ready() {
    if (!health.writable()) {
      return false;
    }
    try {
      return read(c -> Sql.count(c, "SELECT 1") == 1);
    } catch (StoreException e) {
      return false;
    }
  }

  /** Why the store refuses writes, if it does. */
  public Optional<String> fault() {
    return health.fault();
  }

  @Override
  public void close() {
    writer.close();
    readers.close();
    writerPool.close();
    maintenance.close();
  }

  static HikariConfig hikari(String name, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(name);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(1);
    hikari.setConnectionTimeout(5_000);
    hikari.setValidationTimeout(2_000);
    hikari.setInitializationFailTimeout(-1);
    return hikari;
  }
}

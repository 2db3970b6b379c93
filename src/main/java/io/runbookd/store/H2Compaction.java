package io.runbookd.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the space commits leave in the embedded H2 file. With {@code WRITE_DELAY=0}
 * (needed so that an acknowledged alert survives SIGKILL) H2 runs no background writer, and
 * that writer is the only thing that compacts the file: without this, every commit leaves dead
 * pages behind and the file only grows. Once a minute a compaction pass runs on its own thread.
 * On a lightly loaded store it shrinks the file to about its live size; under sustained heavy
 * load it falls behind and holds H2's lock for seconds (docs/performance.md): PostgreSQL is
 * the store for that.
 */
final class H2Compaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);
  /** The longest one compaction may take, in milliseconds: short, to keep intake latency low. */
  private static final int MAX_MILLIS = 300;

  private final DataSource pool;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runbookd-h2-compaction");
        t.setDaemon(true);
        return t;
      });

  H2Compaction(DataSource pool) {
    this.pool = pool;
  }

  H2Compaction start() {
    thread.scheduleWithFixedDelay(this::compact, 60, 60, TimeUnit.SECONDS);
    return this;
  }

  /** One bounded compaction pass; failures are logged and the next pass tries again. */
  void compact() {
    try (Connection c = pool.getConnection()) {
      JdbcConnection h2 = c.unwrap(JdbcConnection.class);
      ((SessionLocal) h2.getSession()).getDatabase().getStore().compactFile(MAX_MILLIS);
    } catch (SQLException | RuntimeException e) {
      log.debug("H2 compaction skipped: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

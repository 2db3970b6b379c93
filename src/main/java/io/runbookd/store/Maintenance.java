package io.runbookd.store;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs retention and compaction once a minute on a thread of its own. */
public final class Maintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final Store store;
  private final Retention retention;
  private final Compaction compaction;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "runbookd-store-maintenance");
    t.setDaemon(true);
    return t;
  });

  public Maintenance(Store store, Duration retention, Duration ledgerWindow) {
    this.store = store;
    this.retention = new Retention(store, retention, ledgerWindow);
    this.compaction = new Compaction(store);
  }

  public Maintenance start(Duration every) {
    thread.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass: retention, then compaction. */
  public void run() {
    int deleted = retention.purge(store.clock().instant());
    compaction.run();
    if (deleted > 0) {
      log.info("retention deleted {} ended incidents and what hung off them", deleted);
    }
  }

  private void runQuietly() {
    try {
      run();
    } catch (RuntimeException e) {
      log.warn("store maintenance failed, will try again: {}", e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

package io.runbookd.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one piece of periodic work on a thread of its own; a failed run is logged and retried. */
final class Ticker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ticker.class);

  private final String name;
  private final Runnable work;
  private final ScheduledExecutorService thread;

  Ticker(String name, Runnable work) {
    this.name = name;
    this.work = work;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  Ticker start(Duration every) {
    thread.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void runQuietly() {
    try {
      work.run();
    } catch (RuntimeException e) {
      log.warn("{} failed, will run again: {}", name, e.toString());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

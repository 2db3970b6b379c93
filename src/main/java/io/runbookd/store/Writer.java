package io.runbookd.store;

import io.runbookd.metrics.Metrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer. Every write (the intake's, the engine's, the pages') queues here; one
 * thread runs everything waiting in a single transaction, commits, and only then completes each
 * write's future. Many concurrent writes share one commit, and on SQLite, which has one writer
 * at a time anyway, no write ever waits for a lock held by another thread of this process.
 *
 * <p>A write that throws is taken out and the batch runs again without it, so one bad write
 * cannot fail the others. A fault of the store itself (disk full, read-only file, connection
 * lost) fails the whole batch, marks the store unavailable, and is probed every two seconds
 * until a write succeeds again.
 */
final class Writer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);
  private static final int MAX_WEIGHT = 2_000;
  private static final int MAX_WRITES = 500;
  private static final long PROBE_EVERY_MILLIS = 2_000;

  private final com.zaxxer.hikari.HikariDataSource pool;
  private final Dialect dialect;
  private final Clock clock;
  private final Metrics metrics;
  private final BlockingQueue<Job<?>> queue;
  private final Thread thread;
  private final StoreHealth health;
  private volatile boolean running = true;

  /** A write, its weight (alerts it stores: bounds the batch), and the promise of its result. */
  private record Job<T>(Work<T> work, int weight, CompletableFuture<T> done) {
    @SuppressWarnings("unchecked")
    void complete(Object result) {
      done.complete((T) result);
    }
  }

  Writer(com.zaxxer.hikari.HikariDataSource pool, Dialect dialect, Clock clock, Metrics metrics, StoreHealth health, int capacity) {
    this.pool = pool;
    this.dialect = dialect;
    this.clock = clock;
    this.metrics = metrics;
    this.health = health;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "runbookd-store-writer");
    this.thread.setDaemon(true);
  }

  Writer start() {
    thread.start();
    return this;
  }

  int queued() {
    return queue.size();
  }

  /** Queues a write; fails at once with {@link StoreException.Overloaded} when the queue is full. */
  <T> CompletableFuture<T> submit(Work<T> work, int weight) {
    CompletableFuture<T> done = new CompletableFuture<>();
    if (!running || !queue.offer(new Job<>(work, Math.max(1, weight), done))) {
      done.completeExceptionally(new StoreException.Overloaded());
    }
    return done;
  }

  private void run() {
    List<Job<?>> batch = new ArrayList<>();
    long lastProbe = 0;
    while (running || !queue.isEmpty()) {
      try {
        Job<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (!health.writable() && System.currentTimeMillis() - lastProbe > PROBE_EVERY_MILLIS) {
            lastProbe = System.currentTimeMillis();
            probe();
          }
          continue;
        }
        batch.add(first);
        int weight = first.weight();
        Job<?> next;
        while (weight < MAX_WEIGHT && batch.size() < MAX_WRITES && (next = queue.poll()) != null) {
          batch.add(next);
          weight += next.weight();
        }
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("store writer failed; the writes of this batch are refused", e);
        batch.forEach(j -> j.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    Job<?> left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new StoreException.Overloaded());
    }
  }

  /** Runs the batch in one transaction; a write that throws is dropped and the rest run again. */
  private void commit(List<Job<?>> batch) {
    List<Job<?>> todo = new ArrayList<>(batch);
    while (!todo.isEmpty()) {
      long started = System.nanoTime();
      Object[] results = new Object[todo.size()];
      int failed = -1;
      Throwable cause = null;
      try (Connection c = pool.getConnection()) {
        try {
          Tx tx = new Tx(c, dialect, clock.instant());
        for (int i = 0; i < todo.size() && failed < 0; i++) {
          try {
            results[i] = todo.get(i).work().run(tx);
          } catch (SQLException | RuntimeException e) {
            if (StoreFaults.isStoreFault(e)) {
              throw e;
            }
            failed = i;
            cause = e;
          }
        }
          if (failed >= 0) {
            c.rollback();
          } else {
            c.commit();
          }
        } catch (SQLException | RuntimeException e) {
          reset(c);
          throw e;
        }
      } catch (SQLException | RuntimeException e) {
        fault(todo, e);
        return;
      }
      if (failed < 0) {
        health.committed();
        metrics.storeCommit(Duration.ofNanos(System.nanoTime() - started), todo.size());
        for (int i = 0; i < todo.size(); i++) {
          todo.get(i).complete(results[i]);
        }
        return;
      }
      Job<?> bad = todo.remove(failed);
      bad.done().completeExceptionally(cause instanceof StoreException s ? s
          : new StoreException("write refused: " + StoreFaults.describe(cause), cause));
    }
  }

  /**
   * After a failure the connection must not carry a half transaction into the next batch: roll
   * back, and if even that fails (SQLite may already have rolled back on a full disk), replace it.
   */
  private void reset(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      pool.evictConnection(c);
    }
  }

  private void fault(List<Job<?>> jobs, Exception e) {
    String what = StoreFaults.describe(e);
    health.failed(what);
    metrics.storeFailure(StoreFaults.kind(e));
    log.error("the store cannot commit ({}); {} writes refused, nothing of them kept", what, jobs.size());
    StoreException.Unavailable failure = new StoreException.Unavailable("the store cannot commit: " + what, e);
    jobs.forEach(j -> j.done().completeExceptionally(failure));
  }

  /** While unavailable: a write that needs new space, undone at once, tells when it is back. */
  private void probe() {
    try (Connection c = pool.getConnection()) {
      try {
        Sql.update(c, "INSERT INTO store_probe (filler) VALUES (?)", "x".repeat(8_192));
        Sql.update(c, "DELETE FROM store_probe");
        c.commit();
      } catch (SQLException | RuntimeException e) {
        reset(c);
        throw e;
      }
      health.committed();
      log.info("the store accepts writes again");
    } catch (SQLException | RuntimeException e) {
      health.failed(StoreFaults.describe(e));
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

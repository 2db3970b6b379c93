package io.runbookd.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.runbookd.incident.IncidentDraft;
import io.runbookd.store.IncidentWriter;
import io.runbookd.store.IntakeOutcome;
import io.runbookd.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the webhook: deliveries queue here and one writer thread stores everything
 * that is waiting in a single transaction, then answers each delivery. A delivery is answered
 * only after the commit that holds its alerts returned, so a {@code 200} means stored; many
 * concurrent deliveries share one commit, which is what makes durable intake fast.
 */
public final class IntakeQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IntakeQueue.class);
  /** Alerts per transaction: big enough to amortize the commit, small enough to keep p99 low. */
  private static final int MAX_ALERTS_PER_COMMIT = 2_000;

  private final Store store;
  private final IncidentWriter writer;
  private final BlockingQueue<Submission> queue;
  private final Thread thread;
  private final Timer commitTimer;
  private final DistributionSummary batchSize;
  private volatile boolean running = true;

  /** The alerts of one delivery and the promise of their outcomes. */
  private record Submission(List<IncidentDraft> drafts, CompletableFuture<List<IntakeOutcome>> done) {}

  /** The queue is full: the store is not keeping up. */
  public static final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverloadedException() {
      super("intake queue is full", null, false, false);
    }
  }

  public IntakeQueue(Store store, IncidentWriter writer, int capacity, MeterRegistry metrics) {
    this.store = store;
    this.writer = writer;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.commitTimer =
        Timer.builder("runbookd_intake_commit_seconds").publishPercentileHistogram().register(metrics);
    this.batchSize = DistributionSummary.builder("runbookd_intake_batch_alerts").register(metrics);
    metrics.gauge("runbookd_intake_queue_depth", queue, BlockingQueue::size);
    this.thread = new Thread(this::run, "runbookd-intake-writer");
    this.thread.setDaemon(true);
  }

  public IntakeQueue start() {
    thread.start();
    return this;
  }

  /** Queues one delivery; fails at once with {@link OverloadedException} when full. */
  public CompletableFuture<List<IntakeOutcome>> submit(List<IncidentDraft> drafts) {
    CompletableFuture<List<IntakeOutcome>> done = new CompletableFuture<>();
    if (!running || !queue.offer(new Submission(List.copyOf(drafts), done))) {
      done.completeExceptionally(new OverloadedException());
    }
    return done;
  }

  private void run() {
    List<Submission> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int alerts = first.drafts().size();
        while (alerts < MAX_ALERTS_PER_COMMIT) {
          Submission next = queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
          alerts += next.drafts().size();
        }
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("intake writer failed; deliveries in this batch are answered 503", e);
        batch.forEach(s -> s.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
    failRemaining();
  }

  private void commit(List<Submission> batch) {
    List<IncidentDraft> all = new ArrayList<>();
    batch.forEach(s -> all.addAll(s.drafts()));
    try {
      List<IntakeOutcome> outcomes = commitTimer.recordCallable(() -> write(all));
      batchSize.record(all.size());
      int from = 0;
      for (Submission s : batch) {
        s.done().complete(List.copyOf(outcomes.subList(from, from + s.drafts().size())));
        from += s.drafts().size();
      }
    } catch (Exception e) {
      if (batch.size() == 1) {
        batch.get(0).done().completeExceptionally(e);
        log.warn("store did not commit a delivery of {} alerts: {}", all.size(), e.toString());
        return;
      }
      // Isolate: one delivery must not make every delivery that shared its commit fail.
      for (Submission s : batch) {
        commit(List.of(s));
      }
    }
  }

  private List<IntakeOutcome> write(List<IncidentDraft> drafts) throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      try {
        List<IntakeOutcome> outcomes = writer.apply(c, drafts);
        c.commit();
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private void failRemaining() {
    Submission left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new OverloadedException());
    }
  }

  /** Stops taking deliveries, stores what is queued, and waits for the writer to finish. */
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

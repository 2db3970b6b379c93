package io.runbookd.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.runbookd.actions.Actions;
import io.runbookd.escalation.Pagers;
import io.runbookd.guard.Guardrails;
import io.runbookd.probes.Probes;
import io.runbookd.store.EngineStore;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentReader;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.Store;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs incidents through their runbooks. Work is found in the store, not in memory: every tick
 * looks for incidents in flight that are due, leases each one (so replicas sharing a
 * PostgreSQL never work on the same incident), and reconciles it on a bounded worker pool. A
 * restarted daemon finds its unfinished incidents the same way.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final EngineStore store;
  private final Reconciler reconciler;
  private final PageDelivery delivery;
  private final EscalationLevels levels;
  private final EngineSettings settings;
  private final Clock clock;
  private final ExecutorService workers;
  private final ExecutorService waiters;
  private final ScheduledExecutorService ticker;
  private final ScheduledExecutorService pagerThread;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /** The plugins, guards and resilience the engine drives. */
  public record Parts(
      Probes probes,
      Actions actions,
      Pagers pagers,
      Guardrails guards,
      Calls calls,
      java.util.Map<String, java.time.Duration> spacing,
      io.runbookd.config.RunbookdConfig.Escalation policy) {}

  public Engine(Store store, RuleSource rules, Parts parts, EngineSettings settings,
      MeterRegistry metrics, ObjectMapper json, Clock clock) {
    this.store = new EngineStore(store);
    this.settings = settings;
    this.clock = clock;
    this.workers = Executors.newFixedThreadPool(settings.workers(), named("runbookd-engine"));
    this.waiters = Executors.newFixedThreadPool(16, named("runbookd-probe-wait"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(named("runbookd-engine-tick"));
    this.pagerThread = Executors.newSingleThreadScheduledExecutor(named("runbookd-pages"));
    Recorder recorder = new Recorder(this.store, new GuardStore(store), metrics, json, clock);
    this.reconciler = new Reconciler(new IncidentReader(store, json), this.store, rules, settings,
        new Diagnosis(parts.probes(), parts.calls(), recorder, waiters, json),
        new Remediation(parts.actions(), parts.guards(), parts.calls(), recorder, this.store,
            new GuardStore(store), settings),
        new Verification(parts.probes(), parts.calls(), recorder),
        new Escalator(recorder, new Paging(parts.policy(), parts.pagers(), json)),
        new Rollback(parts.actions(), parts.guards(), parts.calls(), recorder, json), recorder);
    this.levels = new EscalationLevels(this.store, new Paging(parts.policy(), parts.pagers(), json), clock);
    this.delivery = new PageDelivery(new OutboxStore(store), parts.pagers(), parts.spacing(), metrics, json, clock);
  }

  /** Starts ticking in the background. */
  public Engine start() {
    long every = settings.tick().toMillis();
    ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
    // Pages go out on their own thread: a slow pager must not hold up incidents.
    pagerThread.scheduleWithFixedDelay(this::deliverQuietly, 0, 500, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Looks for due work now rather than at the next tick (e.g. right after intake). */
  public void wake() {
    ticker.execute(this::tickQuietly);
  }

  private void tickQuietly() {
    try {
      for (String id : store.due(clock.instant(), settings.owner(), 100)) {
        if (running.add(id)) {
          workers.execute(() -> {
            try {
              runClaimed(id);
            } finally {
              running.remove(id);
            }
          });
        }
      }
      levels.followUpDue();
    } catch (SQLException | RuntimeException e) {
      log.warn("engine tick failed: {}", e.toString());
    }
  }

  private void deliverQuietly() {
    try {
      delivery.deliverDue();
    } catch (SQLException | RuntimeException e) {
      log.warn("page delivery failed, will retry: {}", e.toString());
    }
  }

  /** Delivers due pages on the calling thread (tests drive it with the injected clock). */
  public int deliverPages() throws SQLException {
    return delivery.deliverDue();
  }

  /**
   * Reconciles every due incident on the calling thread until none is due: what a tick does,
   * synchronously, for tests driven by an injected clock.
   */
  public int runDue() throws SQLException {
    int done = 0;
    for (int round = 0; round < 10; round++) {
      List<String> due = store.due(clock.instant(), settings.owner(), 100);
      if (due.isEmpty()) {
        break;
      }
      for (String id : due) {
        runClaimed(id);
        done++;
      }
    }
    levels.followUpDue();
    return done;
  }

  private void runClaimed(String id) {
    Instant now = clock.instant();
    try {
      if (!store.claim(id, settings.owner(), now.plus(settings.lease()), now)) {
        return;
      }
      try {
        reconciler.reconcile(id);
      } finally {
        store.release(id, settings.owner());
      }
    } catch (SQLException | RuntimeException e) {
      log.error("incident {}: reconcile failed, will retry: {}", id, e.toString());
      reschedule(id);
    }
  }

  private void reschedule(String id) {
    try {
      store.reschedule(id, clock.instant().plusSeconds(30));
    } catch (SQLException e) {
      log.warn("incident {}: cannot reschedule: {}", id, e.toString());
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    pagerThread.shutdownNow();
    workers.shutdown();
    try {
      // Work in flight is recorded step by step: what does not finish now resumes on restart.
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    waiters.shutdownNow();
  }
}

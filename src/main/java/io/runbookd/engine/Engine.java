package io.runbookd.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Actions;
import io.runbookd.escalation.Escalations;
import io.runbookd.guard.Guardrails;
import io.runbookd.metrics.Metrics;
import io.runbookd.probes.Probes;
import io.runbookd.redact.Redactor;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Lease;
import io.runbookd.store.LeaseStore;
import io.runbookd.store.StepStore;
import io.runbookd.store.Store;
import io.runbookd.store.StoreException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
 * reads the incidents that are due (only those), leases each one (so replicas sharing a
 * PostgreSQL never work on the same incident), and reconciles it on a bounded worker pool.
 * Leases are short and renewed while the work runs; a replica that dies leaves its incidents
 * to another within one lease. A restarted daemon finds its unfinished incidents the same way.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  private final LeaseStore leases;
  private final Reconciler reconciler;
  private final EngineSettings settings;
  private final Clock clock;
  private final ExecutorService workers;
  private final ExecutorService waiters;
  private final ScheduledExecutorService ticker;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<Lease> held = ConcurrentHashMap.newKeySet();

  /** The plugins, guards, resilience and escalation the engine drives. */
  public record Parts(Probes probes, Actions actions, Guardrails guards, Calls calls, Escalations escalations) {}

  public Engine(Store store, RuleSource rules, Parts parts, EngineSettings settings, Metrics metrics,
      ObjectMapper json, Clock clock) {
    this.leases = new LeaseStore(store);
    this.settings = settings;
    this.clock = clock;
    this.workers = Executors.newFixedThreadPool(settings.workers(), named("runbookd-engine"));
    this.waiters = Executors.newFixedThreadPool(16, named("runbookd-probe-wait"));
    this.ticker = Executors.newScheduledThreadPool(2, named("runbookd-engine-tick"));
    IncidentStore incidents = new IncidentStore(store, json);
    GuardStore guardStore = new GuardStore(store);
    Recorder recorder = new Recorder(store, parts.escalations(), metrics, json, clock, name ->
        parts.actions().find(name).map(a -> Redactor.of(a.info()))
            .or(() -> parts.probes().find(name).map(p -> Redactor.of(p.info()))).orElse(Redactor.TEXT));
    StepStore stepStore = new StepStore(store);
    Diagnosis diagnosis = new Diagnosis(parts.probes(), parts.calls(), recorder, waiters, json);
    Remediation remediation = new Remediation(parts.actions(), parts.guards(), parts.calls(), recorder, guardStore,
        new Preconditions(incidents), new Undos(parts.calls(), json), settings);
    Readings readings = new Readings(parts.probes(), parts.calls(), recorder);
    Verification verification = new Verification(readings, recorder);
    Escalator escalator = new Escalator(recorder, parts.escalations(), incidents);
    Rollback rollback = new Rollback(parts.actions(), parts.guards(), parts.calls(), recorder, guardStore,
        new Undos(parts.calls(), json), settings, json);
    StaleProbes stale = new StaleProbes(diagnosis, recorder, settings);
    Stages stages = new Stages(incidents, stepStore, remediation, verification,
        new Gates(readings, recorder, guardStore), stale,
        new StageFailure(incidents, stepStore, rollback, verification, escalator, recorder), recorder);
    this.reconciler = new Reconciler(incidents, stepStore, rules, settings, diagnosis, remediation, verification,
        escalator, rollback, recorder, stale, stages, new RunReports(diagnosis, recorder, settings));
    metrics.gauge("runbookd_engine_backlog", "incidents whose next step is due now",
        () -> leases.dueCount(clock.instant()));
    metrics.gauge("runbookd_engine_lag_seconds", "how long the longest-waiting due incident has waited",
        () -> leases.oldestDue(clock.instant()).map(at -> (clock.instant().toEpochMilli() - at.toEpochMilli()) / 1000.0)
            .orElse(0.0));
  }

  /** Starts ticking, and renewing the leases of incidents in work, in the background. */
  public Engine start() {
    long every = settings.tick().toMillis();
    ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
    long renew = Math.max(100, settings.lease().toMillis() / 3);
    ticker.scheduleWithFixedDelay(this::renewQuietly, renew, renew, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Looks for due work now rather than at the next tick (e.g. right after intake). */
  public void wake() {
    ticker.execute(this::tickQuietly);
  }

  private void tickQuietly() {
    try {
      for (String id : leases.due(clock.instant(), 100)) {
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
    } catch (RuntimeException e) {
      log.warn("engine tick failed: {}", e.toString());
    }
  }

  private void renewQuietly() {
    for (Lease lease : List.copyOf(held)) {
      try {
        if (!leases.renew(lease, settings.lease())) {
          held.remove(lease);
          log.warn("incident {}: lease lost; another replica may take it over", lease.incidentId());
        }
      } catch (RuntimeException e) {
        log.warn("incident {}: lease not renewed: {}", lease.incidentId(), e.toString());
      }
    }
  }

  /**
   * Reconciles every due incident on the calling thread until none is due: what ticks do,
   * synchronously, for tests driven by an injected clock.
   */
  public int runDue() {
    int done = 0;
    for (int round = 0; round < 10; round++) {
      List<String> due = leases.due(clock.instant(), 100);
      if (due.isEmpty()) {
        break;
      }
      for (String id : due) {
        runClaimed(id);
        done++;
      }
    }
    return done;
  }

  private void runClaimed(String id) {
    Optional<Lease> lease;
    try {
      lease = leases.claim(id, settings.owner(), settings.lease());
    } catch (RuntimeException e) {
      log.warn("incident {}: cannot claim: {}", id, e.toString());
      return;
    }
    if (lease.isEmpty()) {
      return;
    }
    held.add(lease.get());
    try {
      reconciler.reconcile(lease.get());
    } catch (LeaseStore.LeaseLost e) {
      log.warn("incident {}: {}; stopping here", id, e.getMessage());
    } catch (StoreException | IllegalStateException e) {
      log.error("incident {}: reconcile failed, will retry: {}", id, e.toString());
      reschedule(lease.get());
    } finally {
      held.remove(lease.get());
      release(lease.get());
    }
  }

  private void reschedule(Lease lease) {
    try {
      leases.later(lease, clock.instant().plusSeconds(30));
    } catch (RuntimeException e) {
      log.warn("incident {}: cannot reschedule: {}", lease.incidentId(), e.toString());
    }
  }

  private void release(Lease lease) {
    try {
      leases.release(lease);
    } catch (RuntimeException e) {
      log.warn("incident {}: lease not released (it expires): {}", lease.incidentId(), e.toString());
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

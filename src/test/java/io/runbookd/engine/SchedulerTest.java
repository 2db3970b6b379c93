package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Action;
import io.runbookd.actions.k8s.SetEnv;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Escalations;
import io.runbookd.escalation.Paging;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentFilter;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.OutboxRow;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.PageStore;
import io.runbookd.store.RunStore;
import io.runbookd.store.Store;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scheduler over a real store and the real engine: each slot once across replicas, a slot
 * still open runs late, a slot that closed unseen is recorded missed and paged once, and a run
 * stops at a step boundary when its window ends. The harness's clock starts on 2025-10-12 at noon.
 */
class SchedulerTest {
  static final String NIGHTLY = """
      id: RB-T
      title: Nightly tidy
      schedule: {cron: "0 2 * * *", timezone: UTC, window: 2h}
      remediate:
        - id: first
          action: k8s.set_env
          params: {namespace: nba-mcp, deployment: nba-mcp, env: {TIDY_FIRST: "1"}}
        - id: second
          action: k8s.set_env
          params: {namespace: nba-mcp, deployment: nba-mcp, env: {TIDY_SECOND: "1"}}
      escalate:
        pagers: [log]
      """;
  private static final Instant BEFORE = Instant.parse("2025-10-13T01:00:00Z");
  private static final Instant SLOT = Instant.parse("2025-10-13T02:00:00Z");
  private static final Instant END = Instant.parse("2025-10-13T04:00:00Z");

  @TempDir Path dir;

  private EngineHarness harness(StoreKind kind, UnaryOperator<List<Action<?>>> actions) throws Exception {
    return new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, NIGHTLY, actions);
  }

  private static Scheduler scheduler(EngineHarness h, Store store, Escalations escalations) {
    return new Scheduler(store, new RunStore(store, EngineHarness.JSON), escalations, () -> h.ruleSet, () -> {},
        h.clock);
  }

  private static Scheduler scheduler(EngineHarness h) {
    return scheduler(h, h.store, h.paging);
  }

  /** The scheduler first looks an hour before the slot: runbookd was running then. */
  private static void watchedBeforeTheSlot(EngineHarness h) {
    h.clock.advance(Duration.between(h.clock.instant(), BEFORE));
    assertThat(scheduler(h).tick()).isZero();
  }

  private static List<Incident> runs(EngineHarness h) {
    return h.incidents().list(new IncidentFilter(Optional.empty(), Optional.of("RB-T"), Optional.empty(), 100));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void twoReplicasTickingAtTheSameInstantRunTheSlotOnce(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, UnaryOperator.identity())) {
      Store other = kind == StoreKind.POSTGRES ? Store.open(sameDatabase(h.storeConfig), h.clock, Metrics.inMemory())
          : h.store;
      Paging otherPaging = new Paging(h.policy, h.plugins.pagers(), new PageStore(other),
          new IncidentStore(other, EngineHarness.JSON), EngineHarness.JSON);
      List<Scheduler> replicas = List.of(scheduler(h), scheduler(h, other, otherPaging));
      watchedBeforeTheSlot(h);
      h.clock.advance(Duration.between(h.clock.instant(), SLOT));

      int started = 0;
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 10; round++) {
          started += tickAtOnce(pool, replicas);
          h.clock.advance(Duration.ofSeconds(15));
        }
      } finally {
        pool.shutdownNow();
        if (other != h.store) {
          other.close();
        }
      }

      assertThat(started).isEqualTo(1);
      assertThat(runs(h)).singleElement().satisfies(run -> {
        assertThat(run.trigger().kind()).isEqualTo("schedule");
        assertThat(run.windowEnd()).contains(END);
        assertThat(h.kinds(run.id())).doesNotContain("late_start");
      });
      assertThat(new RunStore(h.store, EngineHarness.JSON).slots("RB-T", 10)).containsExactly(SLOT.toString());
    }
  }

  /** Both schedulers tick together (released by one barrier); returns how many slots they handled. */
  private static int tickAtOnce(ExecutorService pool, List<Scheduler> replicas) throws Exception {
    CyclicBarrier together = new CyclicBarrier(replicas.size());
    List<Future<Integer>> ticks = replicas.stream().map(s -> pool.submit(() -> {
      together.await(10, TimeUnit.SECONDS);
      return s.tick();
    })).toList();
    int handled = 0;
    for (Future<Integer> tick : ticks) {
      handled += tick.get(30, TimeUnit.SECONDS);
    }
    return handled;
  }

  /** The names of the environment variables of the deployment the rule's steps change. */
  private static List<String> env(EngineHarness h) {
    return h.cluster.client().apps().deployments().inNamespace("nba-mcp").withName("nba-mcp").get().getSpec()
        .getTemplate().getSpec().getContainers().stream().flatMap(c -> c.getEnv().stream())
        .map(io.fabric8.kubernetes.api.model.EnvVar::getName).toList();
  }

  private static RunbookdConfig.Store sameDatabase(RunbookdConfig.Store db) {
    return new RunbookdConfig.Store(db.url(), Optional.of("postgres"), Optional.of(Secret.of("postgres")), 4);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSlotStillOpenWhenTheSchedulerComesBackRunsLate(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, UnaryOperator.identity())) {
      watchedBeforeTheSlot(h);
      h.clock.advance(Duration.between(h.clock.instant(), SLOT.plus(Duration.ofHours(1))));

      int started = scheduler(h).tick();
      h.runDue();

      assertThat(started).isEqualTo(1);
      String id = runs(h).get(0).id();
      assertThat(h.messages(id)).contains("late_start: runbookd was not running when the slot began at " + SLOT
          + "; its window is open until " + END + ", so it runs now");
      assertThat(h.messages(id)).contains("action first", "action second").doesNotContain("window_closed");
      assertThat(env(h)).contains("TIDY_FIRST", "TIDY_SECOND");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSlotWhoseWindowClosedUnseenIsRecordedMissedAndPagedAtP3Once(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, UnaryOperator.identity())) {
      watchedBeforeTheSlot(h);
      h.clock.advance(Duration.between(h.clock.instant(), END.plus(Duration.ofMinutes(30))));

      int recorded = scheduler(h).tick();
      int later = 0;
      for (int i = 0; i < 5; i++) {
        h.clock.advance(Duration.ofMinutes(1));
        later += scheduler(h).tick();
      }

      assertThat(recorded).isEqualTo(1);
      assertThat(later).isZero();
      Incident missed = runs(h).get(0);
      assertThat(runs(h)).hasSize(1);
      assertThat(missed.status()).isEqualTo(IncidentStatus.ESCALATED);
      String reason = "missed: the slot " + SLOT + " to " + END + " passed while no runbookd ran; RB-T did not run";
      assertThat(h.messages(missed.id())).contains(reason);
      List<OutboxRow> pages = new OutboxStore(h.store).due("log", h.clock.instant(), 10);
      assertThat(pages).singleElement().satisfies(page -> {
        assertThat(page.priority()).isEqualTo("P3");
        assertThat(page.incidentId()).isEqualTo(missed.id());
        assertThat(page.body()).contains("RB-T Nightly tidy: scheduled run missed", reason);
      });
      assertThat(h.cluster.mutatingRequests()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRunThatReachesTheEndOfItsWindowStopsAtTheNextStepBoundary(StoreKind kind) throws Exception {
    AtomicReference<Runnable> afterEachChange = new AtomicReference<>(() -> {});
    try (EngineHarness h = harness(kind, actions -> actions.stream()
        .map(a -> a instanceof SetEnv env ? new CrashingAction<>(env, () -> afterEachChange.get().run()) : a)
        .toList())) {
      watchedBeforeTheSlot(h);
      h.clock.advance(Duration.between(h.clock.instant(), END.minus(Duration.ofMinutes(5))));
      afterEachChange.set(() -> h.clock.advance(Duration.ofMinutes(10)));

      assertThat(scheduler(h).tick()).isEqualTo(1);
      h.runDue();

      String id = runs(h).get(0).id();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id)).contains("the run's window closed at " + END + ": stopped before step second")
          .contains("window_closed");
      assertThat(env(h)).contains("TIDY_FIRST").doesNotContain("TIDY_SECOND");
    }
  }
}

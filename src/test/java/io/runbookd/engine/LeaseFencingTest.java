package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Action;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Paging;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.LeaseStore;
import io.runbookd.store.PageStore;
import io.runbookd.store.StepRecord;
import io.runbookd.store.Store;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A replica working on an incident for longer than one lease: it keeps the lease while it works,
 * and once it has lost it (another replica claimed the incident), it records and does nothing more.
 * Replica A is an engine of its own with a short lease; replica B is the harness's engine (on
 * PostgreSQL over a store of its own, on SQLite over the same file).
 */
class LeaseFencingTest {
  private static final String RULE = """
      id: RB-L
      title: two changes, one after the other
      match:
        alertname: HighErrorRate
      remediate:
        - id: raise_pool
          action: k8s.set_env
          params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
        - id: restart
          action: k8s.rollout_restart
          params: {namespace: nba-mcp, deployment: nba-mcp}
      """;

  @TempDir Path dir;
  private final CountDownLatch changed = new CountDownLatch(1);
  private final CountDownLatch goOn = new CountDownLatch(1);

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Replica A: its own engine (owner, threads, lease), its own store on PostgreSQL. */
  private static Engine replicaA(EngineHarness h, Store store, Duration lease) {
    Paging paging = new Paging(h.policy, h.plugins.pagers(), new PageStore(store),
        new IncidentStore(store, EngineHarness.JSON), EngineHarness.JSON);
    return new Engine(store, (id, v) -> h.ruleSet.byId(id),
        new Engine.Parts(h.plugins.probes(), h.plugins.actions(), h.guardrails(),
            new Calls(Duration.ofSeconds(30), Duration.ofMillis(10)), paging),
        new EngineSettings(Mode.ENFORCE, Map.of(), "replica-a-" + java.util.UUID.randomUUID(), lease,
            Duration.ofMillis(100), 2, Duration.ofMinutes(30)),
        Metrics.inMemory(), EngineHarness.JSON, h.clock);
  }

  private static Store storeOfA(EngineHarness h, StoreKind kind, RunbookdConfig.Store db) {
    return kind == StoreKind.SQLITE ? h.store : Store.open(new RunbookdConfig.Store(db.url(),
        Optional.of("postgres"), Optional.of(Secret.of("postgres")), 4), h.clock, Metrics.inMemory());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStepLongerThanTheLeaseKeepsTheLeaseAndNoOtherReplicaTakesTheIncident(StoreKind kind) throws Exception {
    RunbookdConfig.Store db = kind.config(dir);
    try (EngineHarness h = new EngineHarness(db, dir, Mode.ENFORCE, RULE, this::slowSetEnv)) {
      Store store = storeOfA(h, kind, db);
      Engine a = replicaA(h, store, Duration.ofMillis(600)).start();
      try {
        String id = h.open(Map.of());
        a.wake();
        assertThat(changed.await(30, TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 8; i++) {
          h.clock.advance(Duration.ofMillis(200));
          Thread.sleep(600);
          h.engine.runDue();
        }
        List<String> whileSlow = h.kinds(id);
        goOn.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> h.status(id) != IncidentStatus.ACTING);

        assertThat(whileSlow).as("1.6 s into a 0.6 s lease: B never took over").doesNotContain("action_recovering");
        assertThat(h.kinds(id)).as(h.messages(id)).doesNotContain("action_recovering")
            .containsSubsequence("action_started", "action_done", "action_started", "action_done");
        assertThat(h.cluster.mutatingRequests()).as("each change once").hasSize(2);
      } finally {
        goOn.countDown();
        a.close();
        if (store != h.store) {
          store.close();
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aReplicaThatLostItsLeaseRecordsNothingAndDoesNotActAgain(StoreKind kind) throws Exception {
    RunbookdConfig.Store db = kind.config(dir);
    try (EngineHarness h = new EngineHarness(db, dir, Mode.ENFORCE, RULE, this::slowSetEnv)) {
      Store store = storeOfA(h, kind, db);
      Engine a = replicaA(h, store, Duration.ofSeconds(30));
      try {
        String id = h.open(Map.of());
        CompletableFuture<Integer> working = CompletableFuture.supplyAsync(a::runDue);
        assertThat(changed.await(30, TimeUnit.SECONDS)).isTrue();

        h.clock.advance(Duration.ofSeconds(31));
        assertThat(new LeaseStore(h.store).claim(id, "replica-b", Duration.ofMinutes(10))).isPresent();
        goOn.countDown();
        working.get(30, TimeUnit.SECONDS);
        h.engine.runDue();

        Map<String, StepRecord> steps = new io.runbookd.store.StepStore(h.store).steps(id);
        assertThat(steps.get("remediate:raise_pool").status()).as("A's outcome was refused").isEqualTo("started");
        assertThat(steps).doesNotContainKey("remediate:restart");
        assertThat(h.kinds(id)).as(h.messages(id)).doesNotContain("action_done", "action_recovering");
        assertThat(h.cluster.mutatingRequests()).as("A stopped after losing its lease").hasSize(1);
        assertThat(h.status(id)).isEqualTo(IncidentStatus.ACTING);
      } finally {
        goOn.countDown();
        a.close();
        if (store != h.store) {
          store.close();
        }
      }
    }
  }

  /** The harness's plugins, with set_env slowed: after its change it waits until the test lets it go on. */
  private List<Action<?>> slowSetEnv(List<Action<?>> actions) {
    List<Action<?>> out = new java.util.ArrayList<>();
    for (Action<?> action : actions) {
      out.add(action.name().equals("k8s.set_env") ? slow(action) : action);
    }
    return out;
  }

  private <P> Action<P> slow(Action<P> action) {
    return new CrashingAction<>(action, () -> {
      changed.countDown();
      awaitQuietly(goOn);
    });
  }
}

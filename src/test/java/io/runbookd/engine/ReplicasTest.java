package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.k8s.SetEnv;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Paging;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Intake;
import io.runbookd.store.PageStore;
import io.runbookd.store.Store;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several daemons on one PostgreSQL: each replica here is a store and an engine of its own
 * (its own pools, threads and lease owner) over the same database and the same cluster.
 */
class ReplicasTest {
  @TempDir Path dir;

  /** One replica: its own store (pools, writer) and engine (owner, threads) on the shared database. */
  private record Replica(Store store, Engine engine) implements AutoCloseable {
    @Override
    public void close() {
      engine.close();
      store.close();
    }
  }

  private static Replica replica(EngineHarness h, RunbookdConfig.Store db, Actions actions) {
    Store store = Store.open(db, h.clock, Metrics.inMemory());
    Paging paging = new Paging(h.policy, h.plugins.pagers(), new PageStore(store),
        new IncidentStore(store, EngineHarness.JSON), EngineHarness.JSON);
    Engine engine = new Engine(store, (id, v) -> h.ruleSet.byId(id),
        new Engine.Parts(h.plugins.probes(), actions, h.guardrails(),
            new Calls(Duration.ofSeconds(30), Duration.ofMillis(10)), paging),
        new EngineSettings(Mode.ENFORCE, Map.of(), "replica-" + java.util.UUID.randomUUID(), Duration.ofSeconds(30),
            Duration.ofSeconds(1), 2, Duration.ofMinutes(30)),
        Metrics.inMemory(), EngineHarness.JSON, h.clock);
    return new Replica(store, engine);
  }

  private static RunbookdConfig.Store sameDatabase(RunbookdConfig.Store db) {
    return new RunbookdConfig.Store(db.url(), Optional.of("postgres"), Optional.of(Secret.of("postgres")), 4);
  }

  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {2, 3})
  void theSameAlertToEveryReplicaAtOnceIsOneIncidentAndOneSetOfChanges(int count) throws Exception {
    RunbookdConfig.Store db = StoreKind.POSTGRES.config(dir);
    try (EngineHarness h = new EngineHarness(db, dir, Mode.ENFORCE, GuardrailsTest.POOL.replace(
        "SlowDatabaseQueries", "HighErrorRate"), UnaryOperator.identity())) {
      List<Replica> replicas = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        replicas.add(replica(h, sameDatabase(db), h.plugins.actions()));
      }
      Alert alert = new Alert(Alert.Status.FIRING, Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp",
          "deployment", "nba-mcp"), Map.of("value", "0.12"), Instant.parse("2025-10-12T11:58:00Z"),
          Optional.empty(), "", "00000000000000aa");
      AlertDraft draft = EngineHarness.draftOf(h.rule, alert);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<String>> deliveries = new ArrayList<>();
        for (int i = 0; i < 20 * count; i++) {
          Store on = replicas.get(i % count).store();
          deliveries.add(() -> new Intake(on, EngineHarness.JSON).submit(List.of(draft))
              .get(30, TimeUnit.SECONDS).get(0).incidentId());
        }
        Set<String> incidents = new HashSet<>();
        for (Future<String> f : pool.invokeAll(deliveries, 60, TimeUnit.SECONDS)) {
          incidents.add(f.get());
        }
        List<Callable<Integer>> engines = new ArrayList<>();
        replicas.forEach(r -> engines.add(r.engine()::runDue));
        for (Future<Integer> f : pool.invokeAll(engines, 60, TimeUnit.SECONDS)) {
          f.get();
        }

        assertThat(incidents).hasSize(1);
        String id = incidents.iterator().next();
        assertThat(h.cluster.mutatingRequests()).as(h.messages(id)).hasSize(1);
        assertThat(h.kinds(id).stream().filter(k -> k.equals("action_started"))).hasSize(1);
      } finally {
        pool.shutdownNow();
        replicas.forEach(Replica::close);
      }
    }
  }

  @Test
  void anotherReplicaFinishesAStepTheDeadOneStartedWithoutRepeatingIt() throws Exception {
    RunbookdConfig.Store db = StoreKind.POSTGRES.config(dir);
    try (EngineHarness h = new EngineHarness(db, dir, Mode.ENFORCE, EngineLifecycleTest.RULE,
        UnaryOperator.identity())) {
      List<Replica> dying = new ArrayList<>();
      CrashingAction<?> crashing = new CrashingAction<>(new SetEnv(h.cluster.client()),
          () -> dying.get(0).store().close());
      List<Action<?>> withCrash = new ArrayList<>(List.of(crashing));
      Replica a = replica(h, sameDatabase(db), new Actions(withCrash));
      dying.add(a);
      Replica b = replica(h, sameDatabase(db), h.plugins.actions());
      try {
        String id = h.open(Map.of());
        Instant crashAt = h.clock.instant();
        try {
          a.engine().runDue();
        } catch (io.runbookd.store.StoreException gone) {
          // replica a died right after the change, before recording its outcome
        }
        assertThat(crashing.executions()).isEqualTo(1);
        b.engine().runDue();
        assertThat(h.kinds(id)).as("a's lease still holds").doesNotContain("action_recovering");

        h.clock.advance(Duration.ofSeconds(31));
        b.engine().runDue();

        assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
        assertThat(h.cluster.mutatingRequests()).as("never repeated").hasSize(1);
        assertThat(h.messages(id)).contains("re-reading the target").contains("action_done");
        Instant recovered = h.timeline(id).stream().filter(e -> e.kind().equals("action_recovering"))
            .findFirst().orElseThrow().at();
        System.out.println("failover: replica b resumed the step "
            + Duration.between(crashAt, recovered).toSeconds() + " s after replica a died (lease 30 s)");
        assertThat(Duration.between(crashAt, recovered)).isLessThanOrEqualTo(Duration.ofSeconds(31));
      } finally {
        b.close();
        a.engine().close();
      }
    }
  }
}

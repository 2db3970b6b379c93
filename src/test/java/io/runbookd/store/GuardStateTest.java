package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.ApprovalGuard;
import io.runbookd.guard.BlastRadiusGuard;
import io.runbookd.guard.Decision;
import io.runbookd.guard.KillSwitchGuard;
import io.runbookd.metrics.Metrics;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Guard state as replicas and racing humans see it, on both stores. */
class GuardStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Store> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(Store::close);
  }

  private Store open(RunbookdConfig.Store config) {
    Store store = Store.open(config, clock, Metrics.inMemory());
    stores.add(store);
    return store;
  }

  private String incident(Store store) throws Exception {
    return new Intake(store, JSON).submit(List.of(IncidentStoreTest.draft("fp-g", Instant.parse(
        "2025-10-12T14:03:27Z"), Alert.Status.FIRING))).get(10, TimeUnit.SECONDS).get(0).incidentId();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theBlastRadiusCountsTargetsPerKindNotAcrossKinds(StoreKind kind) throws Exception {
    Store store = open(kind.config(dir));
    String id = incident(store);
    BlastRadiusGuard guard = new BlastRadiusGuard(new GuardStore(store), 3);
    List<Target> different = List.of(new Target("sql:nba_stats", "session/4711", Optional.empty()),
        new Target("sql:nba_stats", "table/games", Optional.empty()),
        Target.kubernetes("deployment", "nba-mcp", "nba-mcp"));
    for (Target t : different) {
      store.write(tx -> {
        GuardStore.record(tx, new GuardStore.LedgerEntry(id, "RB-102", "s-" + t.key(), "a", t.key(), t.kind()));
        return null;
      });
    }

    Decision resize = guard.check(request(id, new Target("aws:rds", "db/nba-mcp-prod", Optional.empty())));
    for (int pod = 0; pod < 3; pod++) {
      Target t = Target.kubernetes("pod", "nba-mcp", "p" + pod);
      store.write(tx -> {
        GuardStore.record(tx, new GuardStore.LedgerEntry(id, "RB-101", "s-" + t.key(), "a", t.key(), t.kind()));
        return null;
      });
    }
    Decision fourthPod = guard.check(request(id, Target.kubernetes("pod", "nba-mcp", "p3")));

    assertThat(resize.verdict()).as(resize.reason()).isEqualTo(Decision.Verdict.ALLOW);
    assertThat(fourthPod.verdict()).isEqualTo(Decision.Verdict.BLOCK);
    assertThat(fourthPod.reason()).contains("3 targets of kind kubernetes:pod/nba-mcp");
  }

  private static ActionRequest request(String id, Target target) {
    return new ActionRequest(id, "RB", "step", "action", target, Mode.ENFORCE, Reversibility.TRANSIENT, false, false);
  }

  @Test
  void aPauseOnOneReplicaAndAResumeOnAnotherHoldOnBoth() {
    RunbookdConfig.Store config = StoreKind.POSTGRES.config(dir);
    Store a = open(config);
    Store b = open(new RunbookdConfig.Store(config.url(), Optional.of("postgres"), Optional.of(Secret.of("postgres")), 4));
    KillSwitchGuard onA = new KillSwitchGuard(new GuardStore(a));
    KillSwitchGuard onB = new KillSwitchGuard(new GuardStore(b));
    ActionRequest step = request("inc-x", Target.kubernetes("deployment", "nba-mcp", "nba-mcp"));

    new GuardStore(a).setPaused(true, "alice");
    Decision bWhilePaused = onB.check(step);
    new GuardStore(b).setPaused(false, "bob");
    Decision aAfterResume = onA.check(step);

    assertThat(bWhilePaused.verdict()).isEqualTo(Decision.Verdict.BLOCK);
    assertThat(aAfterResume.verdict()).isEqualTo(Decision.Verdict.ALLOW);
    assertThat(new GuardStore(a).killSwitch().by()).contains("bob");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void ofAnApproveAndADenyAtOnceExactlyOneDecides(StoreKind kind) throws Exception {
    Store store = open(kind.config(dir));
    String id = incident(store);
    store.write(tx -> {
      GuardStore.requestApproval(tx, id, "resize", clock.instant().plus(Duration.ofMinutes(30)));
      return null;
    });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Set<String>>> both = List.of(
          () -> store.write(tx -> GuardStore.decide(tx, id, "approved", "alice")),
          () -> store.write(tx -> GuardStore.decide(tx, id, "denied", "bob")));
      List<Set<String>> decided = new ArrayList<>();
      for (Future<Set<String>> f : pool.invokeAll(both, 30, TimeUnit.SECONDS)) {
        decided.add(f.get());
      }

      assertThat(decided).filteredOn(s -> !s.isEmpty()).hasSize(1);
      GuardStore.Approval stands = new GuardStore(store).approval(id, "resize").orElseThrow();
      assertThat(stands.decision()).isPresent();
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDecisionAfterTheDeadlineDecidesNothingAndTheGuardHoldsTheLine(StoreKind kind) throws Exception {
    Store store = open(kind.config(dir));
    String id = incident(store);
    store.write(tx -> {
      GuardStore.requestApproval(tx, id, "resize", clock.instant().plus(Duration.ofMinutes(30)));
      return null;
    });
    clock.advance(Duration.ofMinutes(31));

    Set<String> late = store.write(tx -> GuardStore.decide(tx, id, "approved", "alice"));
    Decision guard = new ApprovalGuard(new GuardStore(store), clock).check(new ActionRequest(id, "RB", "resize",
        "aws.rds_modify_instance_class", new Target("aws:rds", "db/x", Optional.empty()), Mode.ENFORCE,
        Reversibility.PERMANENT, false, false));

    assertThat(late).isEmpty();
    assertThat(guard.verdict()).isEqualTo(Decision.Verdict.BLOCK);
    assertThat(guard.reason()).contains("approval window closed");
  }
}

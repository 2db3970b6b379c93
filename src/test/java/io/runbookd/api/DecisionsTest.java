package io.runbookd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pagers;
import io.runbookd.escalation.Paging;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Intake;
import io.runbookd.store.PageStore;
import io.runbookd.store.Store;
import io.runbookd.store.Transition;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Human decisions as every door (API, console, Slack) makes them, on both stores. */
class DecisionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger wakes = new AtomicInteger();
  private final List<Store> stores = new ArrayList<>();
  private Store store;
  private Decisions decisions;
  /** On PostgreSQL another replica's decisions (a store of its own on the same database); on SQLite the same. */
  private Decisions otherReplica;

  @AfterEach
  void close() {
    stores.forEach(Store::close);
  }

  private void open(StoreKind kind) {
    RunbookdConfig.Store config = kind.config(dir);
    store = Store.open(config, clock, Metrics.inMemory());
    stores.add(store);
    decisions = decisions(store);
    otherReplica = decisions;
    if (kind == StoreKind.POSTGRES) {
      Store other = Store.open(new RunbookdConfig.Store(config.url(), Optional.of("postgres"),
          Optional.of(Secret.of("postgres")), 4), clock, Metrics.inMemory());
      stores.add(other);
      otherReplica = decisions(other);
    }
  }

  private Decisions decisions(Store on) {
    Paging paging = new Paging(new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true"))
        .bind(new HashMap<>()).escalation(), new Pagers(List.of(new LogPager())), new PageStore(on),
        new IncidentStore(on, JSON), JSON);
    return new Decisions(on, paging, wakes::incrementAndGet, JSON);
  }

  /** An incident of RB-Q whose step {@code resize} waits for approval for 30 minutes. */
  private String waiting(String deployment) throws Exception {
    Map<String, String> labels = Map.of("alertname", "HighCPU", "deployment", deployment);
    Alert alert = new Alert(Alert.Status.FIRING, labels, Map.of(), clock.instant().minusSeconds(60),
        Optional.empty(), "", String.format("%016x", deployment.hashCode()));
    AlertDraft draft = new AlertDraft(alert, GroupKey.ofRule("RB-Q", List.of("alertname", "deployment"), labels),
        Optional.of("RB-Q"), Optional.of("v1"), "matched RB-Q", Priority.P2);
    String id = new Intake(store, JSON).submit(List.of(draft)).get(10, TimeUnit.SECONDS).get(0).incidentId();
    move(id, IncidentStatus.MATCHED, IncidentStatus.AWAITING_APPROVAL);
    store.write(tx -> {
      GuardStore.requestApproval(tx, id, "resize", tx.now().plus(Duration.ofMinutes(30)));
      return null;
    });
    return id;
  }

  private void move(String id, IncidentStatus from, IncidentStatus to) {
    assertThat(new IncidentStore(store, JSON).transition(new Transition(id, from, to, "test: " + to.wire(),
        Optional.of(clock.instant().plus(Duration.ofHours(1))), Optional.empty()))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void ofAnApproveAndADenyAtOnceOnTwoReplicasOneWinsAndTheOtherHearsTheDecisionThatStands(StoreKind kind) throws Exception {
    open(kind);
    for (int round = 0; round < 5; round++) {
      String id = waiting("d" + round);
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture<Decisions.Answer> approve = CompletableFuture.supplyAsync(() -> {
        await(together);
        return decisions.decide(id, "approved", "alice");
      });
      CompletableFuture<Decisions.Answer> deny = CompletableFuture.supplyAsync(() -> {
        await(together);
        return otherReplica.decide(id, "denied", "bob");
      });
      Decisions.Answer a = approve.get(30, TimeUnit.SECONDS);
      Decisions.Answer d = deny.get(30, TimeUnit.SECONDS);

      List<Integer> codes = new ArrayList<>(List.of(a.status(), d.status()));
      assertThat(codes).containsExactlyInAnyOrder(200, 409);
      Decisions.Answer won = a.ok() ? a : d;
      Decisions.Answer lost = a.ok() ? d : a;
      String stands = (String) won.body().get("decision");
      String by = (String) won.body().get("by");
      assertThat(lost.body()).containsEntry("decision", stands).containsEntry("by", by);
      assertThat(lost.error()).isEqualTo("already decided: resize " + stands + " by " + by);
      GuardStore.Approval stored = new GuardStore(store).approval(id, "resize").orElseThrow();
      assertThat(stored.decision()).contains(stands);
      assertThat(stored.by()).contains(by);
    }
    assertThat(wakes.get()).as("only a decision wakes the engine").isEqualTo(5);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void approvingAnIncidentThatNoLongerWaitsIsAConflictThatSaysWhy(StoreKind kind) throws Exception {
    open(kind);
    String timedOut = waiting("timed-out");
    String resolved = waiting("resolved");
    clock.advance(Duration.ofMinutes(31));
    move(timedOut, IncidentStatus.AWAITING_APPROVAL, IncidentStatus.ESCALATED);
    move(resolved, IncidentStatus.AWAITING_APPROVAL, IncidentStatus.RESOLVED);

    Decisions.Answer escalated = decisions.decide(timedOut, "approved", "alice");
    Decisions.Answer ended = decisions.decide(resolved, "denied", "alice");

    assertThat(escalated.status()).isEqualTo(409);
    assertThat(escalated.error()).isEqualTo("nothing waits for approval: the incident is escalated");
    assertThat(ended.status()).isEqualTo(409);
    assertThat(ended.error()).isEqualTo("nothing waits for approval: the incident is resolved");
    assertThat(new GuardStore(store).approval(timedOut, "resize").orElseThrow().decision()).isEmpty();
    assertThat(wakes.get()).isZero();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anApprovalAfterTheDeadlineButBeforeTheTickDecidesNothing(StoreKind kind) throws Exception {
    open(kind);
    String id = waiting("late");
    clock.advance(Duration.ofMinutes(30).plusSeconds(1));

    Decisions.Answer late = decisions.decide(id, "approved", "alice");

    assertThat(late.status()).isEqualTo(409);
    assertThat(late.error()).isEqualTo("the approval window has closed; the incident escalates");
    assertThat(late.body()).containsEntry("status", "awaiting_approval");
    assertThat(new GuardStore(store).approval(id, "resize").orElseThrow().decision()).isEmpty();
    assertThat(new IncidentStore(store, JSON).timeline(id)).noneMatch(e -> e.kind().startsWith("approval_"));
  }
}

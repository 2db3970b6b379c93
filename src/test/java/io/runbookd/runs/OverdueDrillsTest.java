package io.runbookd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.escalation.Escalations;
import io.runbookd.incident.Incident;
import io.runbookd.incident.Priority;
import io.runbookd.metrics.Metrics;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.DrillStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Store;
import io.runbookd.store.Tx;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An overdue drill: counted while overdue, paged once per overdue period, by one replica. */
class OverdueDrillsTest {
  private static final Instant START = Instant.parse("2025-10-01T09:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(START);
  private final List<Escalations.PageRequest> pages = new CopyOnWriteArrayList<>();
  private final List<Store> stores = new CopyOnWriteArrayList<>();
  private final RuleSet rules = TestRules.set(TestRules.alert("RB-101", Duration.ofDays(90)),
      TestRules.manual("RB-002"), TestRules.scheduled("RB-201"));

  /** Records what would be paged. */
  private final Escalations recording = new Escalations() {
    @Override
    public Paged page(Tx tx, PageRequest request) {
      pages.add(request);
      return new Paged("paged " + request.priority(), Optional.empty());
    }

    @Override
    public void ended(Tx tx, String incidentId) {}

    @Override
    public void acknowledged(Tx tx, String incidentId) {}

    @Override
    public void approvalNeeded(Tx tx, io.runbookd.escalation.ApprovalNotice notice) {}
  };

  @AfterEach
  void close() {
    stores.forEach(Store::close);
  }

  private Store open(io.runbookd.config.RunbookdConfig.Store config) {
    Store store = Store.open(config, clock, Metrics.inMemory());
    stores.add(store);
    return store;
  }

  private OverdueDrills overdue(Store store) {
    return new OverdueDrills(store, () -> rules, recording, clock);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anUndrilledRunbookIsOverdueOneDrillPeriodAfterItWasFirstSeenAndPagedOnce(StoreKind kind) {
    Store store = open(kind.config(dir));
    OverdueDrills check = overdue(store);

    int first = check.check();
    clock.advance(Duration.ofDays(89));
    int before = check.check();
    clock.advance(Duration.ofDays(1));
    int due = check.check();
    check.check();
    clock.advance(Duration.ofHours(6));
    int later = check.check();

    assertThat(List.of(first, before, due, later)).containsExactly(0, 0, 2, 2);
    assertThat(check.overdue()).isEqualTo(2);
    assertThat(pages).extracting(Escalations.PageRequest::priority).containsOnly(Priority.P3);
    assertThat(pages).extracting(Escalations.PageRequest::title)
        .containsExactlyInAnyOrder("RB-101 RB-101 title: drill overdue", "RB-002 RB-002 title: drill overdue");
    assertThat(pages.get(0).reason()).contains("was never drilled since runbookd began watching it on " + START)
        .contains("run `runbookd drill");
    Incident notice = new IncidentStore(store, new ObjectMapper()).get(pages.get(0).incidentId()).orElseThrow();
    assertThat(notice.trigger().kind()).isEqualTo("drill");
    assertThat(notice.endedAt()).isPresent();
    assertThat(notice.priority()).isEqualTo(Priority.P3);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDrillEndsTheOverduePeriodAndTheNextOnePagesAgain(StoreKind kind) {
    Store store = open(kind.config(dir));
    OverdueDrills check = overdue(store);
    check.check();
    clock.advance(Duration.ofDays(91));
    check.check();
    store.write(tx -> {
      DrillStore.started(tx, "inc-d", "RB-101", "test");
      return DrillStore.finish(tx, "inc-d", DrillStore.FAIL, "no fix was reached");
    });

    int afterDrill = check.check();
    clock.advance(Duration.ofDays(90));
    int dueAgain = check.check();

    assertThat(afterDrill).isEqualTo(1);
    assertThat(dueAgain).isEqualTo(2);
    assertThat(pages).extracting(r -> r.title().substring(0, 6)).containsExactlyInAnyOrder(
        "RB-101", "RB-002", "RB-101");
    assertThat(pages.get(2).reason()).contains("was last drilled on " + START.plus(Duration.ofDays(91)));
  }

  @Test
  void twoReplicasOnOnePostgresqlPageOnce() throws Exception {
    io.runbookd.config.RunbookdConfig.Store config = StoreKind.POSTGRES.config(dir);
    OverdueDrills one = overdue(open(config));
    OverdueDrills two = overdue(open(config));
    one.check();
    clock.advance(Duration.ofDays(100));

    Thread a = new Thread(one::check);
    Thread b = new Thread(two::check);
    a.start();
    b.start();
    a.join(30_000);
    b.join(30_000);

    assertThat(pages).hasSize(2);
    assertThat(one.overdue()).isEqualTo(2);
    assertThat(two.overdue()).isEqualTo(2);
  }
}

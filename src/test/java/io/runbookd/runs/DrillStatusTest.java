package io.runbookd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.metrics.Metrics;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.DrillStore;
import io.runbookd.store.Store;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runbook testing table's status as time passes: DUE, PASS, FAIL, DUE again, ACTIVE. */
class DrillStatusTest {
  private static final Instant START = Instant.parse("2025-10-01T09:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(START);
  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private Map<String, DrillStatus> statuses(RuleSet rules) {
    return new Catalogue(store, () -> rules, clock).entries().stream()
        .collect(Collectors.toMap(e -> e.rule().id(), Catalogue.Entry::drill));
  }

  private void drill(String incident, String rule, String result, String reason) {
    store.write(tx -> {
      DrillStore.started(tx, incident, rule, "test");
      if (!result.equals(DrillStore.RUNNING)) {
        DrillStore.finish(tx, incident, result, reason);
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void dueUntilDrilledThenTheLastResultUntilItIsDueAgain(StoreKind kind) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    RuleSet rules = TestRules.set(TestRules.alert("RB-101", Duration.ofDays(90)), TestRules.manual("RB-002"),
        TestRules.scheduled("RB-201"));

    Map<String, DrillStatus> fresh = statuses(rules);
    drill("inc-1", "RB-101", DrillStore.PASS, "every probe answered (8)");
    drill("inc-2", "RB-002", DrillStore.FAIL, "no fix was reached: escalated");
    clock.advance(Duration.ofDays(1));
    drill("inc-3", "RB-101", DrillStore.RUNNING, null);
    Map<String, DrillStatus> tested = statuses(rules);
    clock.advance(Duration.ofDays(89));
    Map<String, DrillStatus> due = statuses(rules);

    assertThat(fresh.get("RB-101").status()).isEqualTo("DUE");
    assertThat(fresh.get("RB-101").lastTested()).isEmpty();
    assertThat(fresh.get("RB-201").status()).isEqualTo("ACTIVE");
    assertThat(fresh.get("RB-201").nextTest()).contains(Instant.parse("2025-10-05T02:00:00Z"));
    assertThat(tested.get("RB-101").status()).isEqualTo("PASS");
    assertThat(tested.get("RB-101").lastTested()).contains(START);
    assertThat(tested.get("RB-101").nextTest()).contains(START.plus(Duration.ofDays(90)));
    assertThat(tested.get("RB-101").result()).contains("RUNNING");
    assertThat(tested.get("RB-101").incident()).contains("inc-3");
    assertThat(tested.get("RB-002").status()).isEqualTo("FAIL");
    assertThat(tested.get("RB-002").reason()).contains("no fix was reached: escalated");
    assertThat(due.get("RB-101").status()).isEqualTo("DUE");
    assertThat(due.get("RB-002").status()).isEqualTo("DUE");
    assertThat(List.of(due.get("RB-201").status())).containsExactly("ACTIVE");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDrillEveryThirtyDaysIsDueAfterThirty(StoreKind kind) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    RuleSet rules = TestRules.set(TestRules.alert("RB-103", Duration.ofDays(30)));
    drill("inc-1", "RB-103", DrillStore.PASS, "ok");
    Function<Duration, String> after = d -> {
      clock.advance(d);
      return statuses(rules).get("RB-103").status();
    };

    assertThat(after.apply(Duration.ofDays(30).minusSeconds(1))).isEqualTo("PASS");
    assertThat(after.apply(Duration.ofSeconds(1))).isEqualTo("DUE");
  }
}

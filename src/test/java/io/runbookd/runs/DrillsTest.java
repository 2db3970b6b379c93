package io.runbookd.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.metrics.Metrics;
import io.runbookd.rules.RuleSet;
import io.runbookd.store.DrillStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.RunStore;
import io.runbookd.store.Store;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which drill starts for which runbook, what is refused, and a drill that never comes to rest. */
class DrillsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-10-12T14:00:00Z"));
  private final AtomicInteger wakes = new AtomicInteger();
  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private Drills drills(RuleSet rules) throws Exception {
    store = Store.open(StoreKind.SQLITE.config(dir), clock, Metrics.inMemory());
    Path examples = Files.createDirectories(dir.resolve("examples"));
    // Read in name order: the resolved alert comes first and is passed over.
    Files.copy(Path.of("examples", "resolved-high-error-rate.json"), examples.resolve("a-resolved.json"));
    Files.copy(Path.of("examples", "high-error-rate.json"), examples.resolve("high-error-rate.json"));
    Files.copy(Path.of("examples", "unmatched.json"), examples.resolve("unmatched.json"));
    Files.writeString(examples.resolve("broken.json"), "{not json");
    return new Drills(store, new IncidentStore(store, JSON), new RunStore(store, JSON), () -> rules,
        Files.createDirectories(dir.resolve("rules")), wakes::incrementAndGet, clock);
  }

  private Incident incident(Started started) {
    return new IncidentStore(store, JSON).get(((Started.Opened) started).incident()).orElseThrow();
  }

  @Test
  void anAlertRunbookReplaysTheFirstFiringExampleItMatchesUnderAFingerprintOfItsOwn() throws Exception {
    Drills drills = drills(TestRules.set(TestRules.alert("RB-101", Duration.ofDays(90))));

    Incident one = incident(drills.start("RB-101", "alice"));
    Incident two = incident(drills.start("RB-101", "alice"));

    assertThat(one.trigger().kind()).isEqualTo("drill");
    assertThat(one.firstAlert().orElseThrow().labels()).containsEntry("service", "nba-mcp");
    assertThat(one.firstAlert().orElseThrow().firing()).isTrue();
    assertThat(one.firstAlert().orElseThrow().startsAt()).isEqualTo(clock.instant());
    assertThat(one.fingerprint()).isNotEqualTo("3f2a9c41d87b05e6").isNotEqualTo(two.fingerprint());
    assertThat(one.id()).isNotEqualTo(two.id());
    assertThat(wakes.get()).isEqualTo(2);
  }

  @Test
  void refusesAnExampleThatMatchesNothingOrLeavesTheDeployment() throws Exception {
    Drills drills = drills(TestRules.set(TestRules.alertWithExample("RB-1", "examples/unmatched.json"),
        TestRules.alertWithExample("RB-2", "../elsewhere/high-error-rate.json"), TestRules.manual("RB-3")));

    assertThat(drills.start("RB-1", "alice")).isEqualTo(Started.Refused.of("drill.example",
        "no firing alert of examples/unmatched.json matches RB-1"));
    assertThat(((Started.Refused) drills.start("RB-2", "alice")).error()).startsWith(
        "../elsewhere/high-error-rate.json is outside ");
    assertThat(drills.start("RB-9", "alice")).isEqualTo(new Started.Unknown("RB-9"));
    assertThat(drills.start("RB-3", "alice")).isInstanceOf(Started.Opened.class);
  }

  @Test
  void aScheduledRunbookIsDrilledWithoutParametersAndADrillThatNeverRestsFailsAfterADay() throws Exception {
    Drills drills = drills(TestRules.set(TestRules.scheduled("RB-201")));
    Incident run = incident(drills.start("RB-201", "alice"));

    int early = drills.settle();
    clock.advance(Duration.ofHours(25));
    int late = drills.settle();

    assertThat(run.trigger().data().orElseThrow()).isEqualTo("{\"by\":\"alice\",\"params\":{}}");
    assertThat(run.windowEnd()).isEmpty();
    assertThat(early).isZero();
    assertThat(late).isEqualTo(1);
    DrillStore.Latest latest = new DrillStore(store).latest().get("RB-201");
    assertThat(latest.finished().orElseThrow().result()).isEqualTo(DrillStore.FAIL);
    assertThat(latest.finished().orElseThrow().reason())
        .contains("did not finish within 24 hours; its incident is matched");
  }
}

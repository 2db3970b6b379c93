package io.runbookd.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.IncidentCounts;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.RunStore;
import io.runbookd.store.Store;
import io.runbookd.store.Transition;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code runbookd_incidents_open{status}} over a real store: counted by status, ended ones left out. */
class IncidentGaugesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static RunStore.Draft run(String key) {
    return new RunStore.Draft("RB-1", "v1", "One", "P3", "manual", key, "alice", Map.of(), Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void countsOpenIncidentsByStatusWhenItRunsAndScrapesReadTheLastCount(StoreKind kind) {
    Metrics metrics = Metrics.prometheus();
    try (Store store = Store.open(kind.config(dir), Clock.systemUTC(), Metrics.inMemory())) {
      RunStore runs = new RunStore(store, JSON);
      runs.open(run("a"));
      runs.open(run("b"));
      String waiting = runs.open(run("c"));
      new IncidentStore(store, JSON).transition(new Transition(waiting, IncidentStatus.MATCHED,
          IncidentStatus.AWAITING_APPROVAL, "asks", Optional.empty(), Optional.empty()));
      store.write(tx -> runs.missed(tx, run("d"), "missed"));
      IncidentGauges gauges = new IncidentGauges(new IncidentCounts(store), metrics);
      String before = metrics.scrape();

      gauges.run();

      assertThat(before).contains("runbookd_incidents_open{status=\"matched\"} 0.0");
      assertThat(metrics.scrape())
          .contains("runbookd_incidents_open{status=\"matched\"} 2.0")
          .contains("runbookd_incidents_open{status=\"awaiting_approval\"} 1.0")
          .contains("runbookd_incidents_open{status=\"escalated\"} 0.0")
          .doesNotContain("runbookd_incidents_open{status=\"resolved\"}");
    }
  }
}

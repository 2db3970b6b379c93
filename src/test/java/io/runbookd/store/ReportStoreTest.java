package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.metrics.Metrics;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reports on both stores: saved once per incident and title, listed newest first, gone with their incident. */
class ReportStoreTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private String endedRun(String rule) {
    RunStore runs = new RunStore(store, new ObjectMapper());
    return store.write(tx -> runs.missed(tx, new RunStore.Draft(rule, "v1", "t", "P3", "schedule",
        "slot-" + clock.instant(), "schedule", Map.of(), Optional.empty()), "escalated: missed"));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void savedOncePerIncidentAndTitleListedNewestFirstAndDeletedWithTheIncident(StoreKind kind) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    ReportStore reports = new ReportStore(store);
    String old = endedRun("RB-201");
    String first = store.write(tx -> ReportStore.save(tx, "RB-201", old, "Weekly maintenance", "<p>one</p>"));
    clock.advance(Duration.ofDays(7));
    String recent = endedRun("RB-201");
    String again = store.write(tx -> ReportStore.save(tx, "RB-201", old, "Weekly maintenance", "<p>two</p>"));
    clock.advance(Duration.ofDays(1));
    String second = store.write(tx -> ReportStore.save(tx, "RB-202", recent, "Capacity plan", "<p>plan</p>"));

    assertThat(again).isEqualTo(first).matches("rep-[0-9a-f]{24}");
    assertThat(reports.html(first)).contains("<p>two</p>");
    assertThat(reports.list(Optional.empty(), 10)).extracting(ReportStore.Summary::id).containsExactly(second, first);
    assertThat(reports.list(Optional.empty(), 1)).extracting(ReportStore.Summary::id).containsExactly(second);
    assertThat(reports.list(Optional.of("RB-202"), 10)).extracting(ReportStore.Summary::incident)
        .containsExactly(recent);

    clock.advance(Duration.ofDays(30));
    new Retention(store, Duration.ofDays(35), Duration.ofHours(1)).purge(clock.instant());

    assertThat(reports.html(first)).isEmpty();
    assertThat(reports.list(Optional.empty(), 10)).extracting(ReportStore.Summary::id).containsExactly(second);
  }
}

package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store's own promises: synced commits, due work that reads only what is due, faults, retention. */
class StoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2025-10-12T14:03:27Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private Store open(StoreKind kind) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    return store;
  }

  @Test
  void everyEmbeddedCommitIsSyncedThroughTheWal() {
    open(StoreKind.SQLITE);

    String journal = store.alone(tx -> Sql.one(tx.c(), "PRAGMA journal_mode", rs -> rs.getString(1)).orElseThrow());
    long synchronous = store.write(tx -> Sql.count(tx.c(), "PRAGMA synchronous"));
    long vacuum = store.alone(tx -> Sql.count(tx.c(), "PRAGMA auto_vacuum"));

    assertThat(journal).isEqualTo("wal");
    assertThat(synchronous).as("2 is FULL: the WAL is synced at every commit").isEqualTo(2);
    assertThat(vacuum).as("2 is INCREMENTAL").isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void dueWorkReadsOnlyDueRows(StoreKind kind) {
    open(kind);
    fill(20_000);

    assertThat(plan(LeaseStore.DUE, 1L, 1L, 100L)).as("due incidents").contains("incidents_due");
    assertThat(plan(PageStore.DUE_LEVELS, 1L, 50L)).as("due escalation levels").contains("pages_next_level");
    assertThat(plan(OutboxStore.DUE, "slack", 1L, 1L, 50L)).as("due pages").contains("page_outbox_due");
    assertThat(plan(LeaseStore.DUE, 1L, 1L, 100L).toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("scan incidents\n").doesNotContain("seq scan on incidents");
    assertThat(plan(PageStore.DUE_LEVELS, 1L, 50L).toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("scan pages\n").doesNotContain("seq scan on pages");
  }

  /** Rows enough that a planner prefers an index: ended incidents, delivered pages. */
  private void fill(int n) {
    store.write(tx -> {
      String series = tx.dialect() == Dialect.POSTGRES ? "SELECT g AS n FROM generate_series(1, " + n + ") g"
          : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + n + ") SELECT n FROM s";
      Sql.update(tx.c(), "INSERT INTO incidents (id, group_key, group_labels, trigger_kind, status, priority,"
          + " alertname, match_reason, alert_count, firing_count, first_seen, last_seen, created_at, updated_at,"
          + " ended_at) SELECT 'inc-' || n, 'g' || n, '{}', 'alert', 'resolved', 'P2', 'A', 'r', 1, 0, 1, 1, 1, 1, n"
          + " FROM (" + series + ") x");
      Sql.update(tx.c(), "INSERT INTO pages (dedup_key, storm_key, priority, status, incidents, open_incidents,"
          + " revision, policy, level, opened_at, last_sent_at) SELECT 'd' || n, 's', 'P2', 'resolved', 1, 0, 0,"
          + " '{}', 1, 1, 1 FROM (" + series + ") x");
      Sql.update(tx.c(), "INSERT INTO page_outbox (page_id, incident_id, pager, dedup_key, event, revision,"
          + " priority, body, status, attempts, next_attempt_at, created_at) SELECT n, 'inc-' || n, 'slack',"
          + " 'd' || n, 'trigger', 0, 'P2', '{}', 'delivered', 1, 1, 1 FROM (" + series + ") x");
      return null;
    });
    store.alone(tx -> {
      try (var st = tx.c().createStatement()) {
        st.execute("ANALYZE");
      }
      return null;
    });
  }

  private String plan(String sql, Object... args) {
    String explain = store.dialect() == Dialect.POSTGRES ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";
    return store.read(c -> String.join("\n", Sql.list(c, explain + sql,
        rs -> rs.getString(store.dialect() == Dialect.POSTGRES ? 1 : 4), args))) + "\n";
  }

  @Test
  void diskFullRefusesTheWholeWriteAndRecoversWhenSpaceReturns() throws Exception {
    open(StoreKind.SQLITE);
    Intake intake = new Intake(store, JSON);
    intake.submit(List.of(IncidentStoreTest.draft("before", START, Alert.Status.FIRING))).get(10, TimeUnit.SECONDS);
    long pages = store.alone(tx -> Sql.count(tx.c(), "PRAGMA page_count"));
    maxPages(pages);

    java.util.concurrent.CompletableFuture<List<Intake.Result>> refused = intake.submit(storm(500));

    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(StoreException.Unavailable.class).hasMessageContaining("disk full");
    assertThat(store.ready()).isFalse();
    assertThat(store.fault()).hasValueSatisfying(f -> assertThat(f).startsWith("disk full"));
    assertThat(new IncidentStore(store, JSON).storedAlerts(List.of(storm(1).get(0).alertId())))
        .as("nothing of the refused write was kept").isEmpty();

    maxPages(1_073_741_823);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(store::ready);
    List<Intake.Result> after = intake.submit(storm(500)).get(10, TimeUnit.SECONDS);
    assertThat(after).hasSize(500);
  }

  /** SQLite's own limit on the file's size, on the writer's connection: a full disk, injected. */
  private void maxPages(long pages) {
    store.write(tx -> {
      Sql.update(tx.c(), "UPDATE runtime_settings SET updated_by = updated_by WHERE name = 'paused'");
      return Sql.count(tx.c(), "PRAGMA max_page_count = " + pages);
    });
  }

  private static List<io.runbookd.incident.AlertDraft> storm(int n) {
    List<io.runbookd.incident.AlertDraft> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(IncidentStoreTest.draft(String.format("s%015x", i), START, Alert.Status.FIRING,
          java.util.Map.of("pod", "pod-" + "x".repeat(200) + i)));
    }
    return out;
  }

  @Test
  void aDamagedFileIsRefusedAtStartWithWhatToDo() throws Exception {
    io.runbookd.config.RunbookdConfig.Store config = StoreKind.SQLITE.config(dir);
    Files.write(dir.resolve("runbookd.db"), "this is not a database, it is a damaged file ".repeat(100).getBytes());

    assertThatThrownBy(() -> Store.open(config, clock, Metrics.inMemory()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is damaged")
        .hasMessageContaining("restore the last backup")
        .hasMessageContaining("docs/operations.md");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void retentionDeletesOnlyWhatIsPastTheWindowAndKeepsGuardStateInForce(StoreKind kind) throws Exception {
    open(kind);
    Intake intake = new Intake(store, JSON);
    IncidentStore incidents = new IncidentStore(store, JSON);
    String old = intake.submit(List.of(IncidentStoreTest.draft("old", START, Alert.Status.FIRING)))
        .get(10, TimeUnit.SECONDS).get(0).incidentId();
    store.write(tx -> {
      GuardStore.record(tx, new GuardStore.LedgerEntry(old, "RB-101", "restart", "k8s.rollout_restart",
          "kubernetes:deployment/nba-mcp/nba-mcp", "kubernetes:deployment/nba-mcp"));
      Timeline.append(tx, old, TimelineLine.of("note", "old"));
      return incidents.transition(tx, new Transition(old, IncidentStatus.MATCHED, IncidentStatus.RESOLVED, "done",
          Optional.empty(), Optional.empty()));
    });
    clock.advance(Duration.ofDays(31));
    String open = intake.submit(List.of(IncidentStoreTest.draft("open", START, Alert.Status.FIRING,
        java.util.Map.of("deployment", "other")))).get(10, TimeUnit.SECONDS).get(0).incidentId();
    String recent = intake.submit(List.of(IncidentStoreTest.draft("recent", START, Alert.Status.FIRING,
        java.util.Map.of("deployment", "third")))).get(10, TimeUnit.SECONDS).get(0).incidentId();
    store.write(tx -> incidents.transition(tx, new Transition(recent, IncidentStatus.MATCHED,
        IncidentStatus.RESOLVED, "done", Optional.empty(), Optional.empty())));
    store.write(tx -> {
      GuardStore.record(tx, new GuardStore.LedgerEntry(recent, "RB-101", "restart", "k8s.rollout_restart",
          "kubernetes:deployment/nba-mcp/third", "kubernetes:deployment/nba-mcp"));
      return null;
    });

    int deleted = new Retention(store, Duration.ofDays(30), Duration.ofHours(1)).purge(clock.instant());

    assertThat(deleted).isEqualTo(1);
    assertThat(incidents.get(old)).isEmpty();
    assertThat(incidents.storedAlerts(List.of(IncidentStoreTest.draft("old", START, Alert.Status.FIRING).alertId())))
        .isEmpty();
    long timeline = store.read(c -> Sql.count(c, "SELECT COUNT(*) FROM timeline WHERE incident_id = ?", old));
    assertThat(timeline).isZero();
    assertThat(incidents.get(open)).as("open incidents stay, however old").isPresent();
    assertThat(incidents.get(recent)).isPresent();
    GuardStore guards = new GuardStore(store);
    assertThat(guards.lastAction("k8s.rollout_restart", "kubernetes:deployment/nba-mcp/third", "other"))
        .as("ledger rows still in a guard's window stay").isPresent();
    assertThat(guards.lastAction("k8s.rollout_restart", "kubernetes:deployment/nba-mcp/nba-mcp", "other")).isEmpty();
  }

  @Test
  void compactionGivesFreedPagesBack() throws Exception {
    open(StoreKind.SQLITE);
    Intake intake = new Intake(store, JSON);
    for (int round = 0; round < 20; round++) {
      int i = round;
      intake.submit(storm(200).stream().map(d -> IncidentStoreTest.draft(d.alert().fingerprint() + i, START,
          Alert.Status.FIRING, d.alert().labels())).toList()).get(10, TimeUnit.SECONDS);
    }
    new Compaction(store).run();
    long before = Files.size(dir.resolve("runbookd.db"));
    store.write(tx -> Sql.update(tx.c(), "DELETE FROM alerts"));

    for (int i = 0; i < 20; i++) {
      new Compaction(store).run();
    }

    long after = Files.size(dir.resolve("runbookd.db"));
    assertThat(Files.size(dir.resolve("runbookd.db-wal"))).as("the WAL is truncated").isZero();
    assertThat(after).isLessThan(before / 4);
  }
}

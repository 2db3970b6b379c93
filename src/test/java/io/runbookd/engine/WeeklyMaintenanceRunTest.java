package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.ReportStore;
import io.runbookd.store.RunStore;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.StoreKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped RB-201 run for its Sunday slot by the real engine with the daemon's plugins: a real
 * PostgreSQL (vacuumed, its bloated index rebuilt concurrently under a reading session), the
 * fabric8 mock cluster (only finished pods deleted), and S3, Secrets Manager, RDS and the CI
 * webhook as WireMock stubs in their wire formats.
 */
class WeeklyMaintenanceRunTest {
  private static final Instant SLOT = Instant.parse("2025-10-19T02:00:00Z");
  private static final List<String> LOGS = List.of("app/2025-09-01.log", "app/2025-09-07.log", "app/2025-10-18.log");
  private static final List<Duration> AGES = List.of(Duration.ofDays(48), Duration.ofDays(42), Duration.ofDays(1));

  @TempDir Path dir;
  private CloudWatchWire wire;
  private AwsClients aws;
  private MaintenanceStubs stubs;
  private DaemonPlugins plugins;
  private EngineHarness h;

  private void start(Mode mode, NbaStatsDatabase db) throws Exception {
    wire = CloudWatchWire.start();
    aws = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    WireMockServer server = wire.server();
    stubs = new MaintenanceStubs(server, SLOT);
    stubs.ci();
    plugins = new DaemonPlugins(dir, """
        kubernetes: {namespaces: [nba-mcp]}
        http: {allowedHosts: [127.0.0.1]}
        datasources:
          nba_stats: {url: '%s', user: postgres, password: postgres}
        vars: {ci_webhook_url: '%s'}
        """.formatted(db.url, "http://127.0.0.1:" + server.port() + MaintenanceStubs.CI_PATH), aws);
    h = new EngineHarness(StoreKind.SQLITE.config(dir), dir, mode,
        List.of(Files.readString(Path.of("rules/RB-201.yaml"))), plugins.over(), plugins.vars());
    h.clock.advance(Duration.between(h.clock.instant(), SLOT));
    pod("nightly-report-1", "Succeeded");
    pod("nightly-report-2", "Succeeded");
    pod("migrate-1", "Failed");
    h.cluster.clearRequests();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
    plugins.close();
    aws.close();
    wire.close();
  }

  private void pod(String name, String phase) {
    HasMetadata pod = h.cluster.client().getKubernetesSerialization().unmarshal("""
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: nightly}}
        spec: {containers: [{name: main, image: "busybox:1"}]}
        status: {phase: %s}
        """.formatted(name, phase));
    h.cluster.client().resource(pod).inNamespace(Seed.NAMESPACE).create();
  }

  /** The scheduler's run for the slot, as it opens it. */
  private String scheduledRun() {
    return new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
        h.rule.title(), "P3", "schedule", SLOT.toString(), "schedule", Map.of(),
        Optional.of(SLOT.plus(Duration.ofHours(2)))));
  }

  private List<String> pods() {
    return h.cluster.client().pods().inNamespace(Seed.NAMESPACE).list().getItems().stream()
        .map(Pod::getMetadata).map(m -> m.getName()).sorted().toList();
  }

  @Test
  void doesTheWeeksMaintenanceDeletingLogsAndRotatingSecretsOnlyOnceApproved() throws Exception {
    NbaStatsDatabase db = NbaStatsDatabase.bloated();
    start(Mode.ENFORCE, db);
    everythingToDo();
    long vacuums = db.games("vacuum_count");
    long analyzes = db.games("analyze_count");
    long filenode = db.indexFilenode();
    long bytes = db.indexBytes();
    String id = scheduledRun();

    runWhileTheApplicationReads(db);

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(db.games("vacuum_count")).isEqualTo(vacuums + 1);
      assertThat(db.games("analyze_count")).isGreaterThan(analyzes);
      assertThat(db.games("n_dead_tup")).isZero();
    });
    assertThat(db.indexFilenode()).isNotEqualTo(filenode);
    assertThat(db.indexBytes()).isLessThan(bytes / 4);
    assertThat(h.messages(id)).contains("REINDEX INDEX CONCURRENTLY public." + NbaStatsDatabase.INDEX);
    assertOnlyFinishedPodsDeletedAndCiStarted();
    assertLogsDeletedOnlyOnceApproved(id);
    assertSecretRotatedOnlyOnceApproved(id);
    h.clock.advance(Duration.ofMinutes(10));
    h.runDue();
    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.RESOLVED);
    assertTheWeeklyReportSaysWhatWasDone(id);
  }

  /** The report, rebuilt when the run resolved: the bloated index chosen, and each step's outcome. */
  private void assertTheWeeklyReportSaysWhatWasDone(String id) throws Exception {
    List<ReportStore.Summary> reports = new ReportStore(h.store).list(Optional.of("RB-201"), 10);
    assertThat(reports).singleElement().satisfies(r -> assertThat(r.incident()).isEqualTo(id));
    assertThat(h.messages(id)).contains("report updated: Weekly maintenance report: /api/v1/reports/"
        + reports.get(0).id());
    assertThat(new ReportStore(h.store).html(reports.get(0).id()).orElseThrow())
        .contains("REINDEX INDEX CONCURRENTLY this week: public." + NbaStatsDatabase.INDEX)
        .contains("<td>public." + NbaStatsDatabase.INDEX + "</td><td>public.games</td>")
        .contains("<td>app/2025-09-01.log</td>", "<td>nba-mcp/slack-url</td><td>95</td><td>false</td>")
        .contains("Newest automated snapshot: rds:nba-mcp-prod-")
        .contains("<td>remediate:vacuum</td><td>done</td>", "<td>remediate:reindex</td><td>done</td>")
        .contains("is resolved.");
  }

  private void everythingToDo() {
    stubs.logs(LOGS, AGES);
    stubs.secrets();
    stubs.newestSnapshot(Duration.ofHours(3));
  }

  /** One pass of the engine while another session keeps reading games through the index. */
  private void runWhileTheApplicationReads(NbaStatsDatabase db) throws Exception {
    try (NbaStatsDatabase.Reader reader = db.reader()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> reader.reads() > 3);
      long readsBefore = reader.reads();
      h.runDue();
      await().atMost(Duration.ofSeconds(10)).until(() -> reader.reads() > readsBefore + 3);
      assertThat(reader.failures()).isEmpty();
    }
  }

  private void assertOnlyFinishedPodsDeletedAndCiStarted() {
    assertThat(pods()).doesNotContain("nightly-report-1", "nightly-report-2")
        .contains("migrate-1", Seed.POD_READY, Seed.POD_OOM, Seed.POD_CRASHING);
    assertThat(stubs.posts(MaintenanceStubs.CI_PATH)).singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).contains("\"pipeline\":\"weekly-maintenance\""));
  }

  private void assertLogsDeletedOnlyOnceApproved(String id) throws Exception {
    assertThat(stubs.posts(MaintenanceStubs.BUCKET)).as("nothing deleted before approval").isEmpty();
    assertThat(h.messages(id)).contains("s3://nba-mcp-logs/: 2 objects older than 30d")
        .contains("action clean_logs waits for approval");
    h.decide(id, "approved", "ops@nba-mcp.com");
    h.runDue();
    assertThat(stubs.posts(MaintenanceStubs.BUCKET)).singleElement().satisfies(r -> assertThat(r.getBodyAsString())
        .contains(LOGS.get(0), LOGS.get(1)).doesNotContain(LOGS.get(2)));
  }

  private void assertSecretRotatedOnlyOnceApproved(String id) throws Exception {
    assertThat(h.messages(id)).contains("action rotate_secret waits for approval");
    assertThat(stubs.operations()).doesNotContain("secretsmanager.RotateSecret");
    h.decide(id, "approved", "ops@nba-mcp.com");
    h.runDue();
    assertThat(stubs.operations()).containsSubsequence("secretsmanager.DescribeSecret", "secretsmanager.RotateSecret")
        .doesNotContain("secretsmanager.GetSecretValue");
    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
  }

  @Test
  void inDryRunListsWhatItWouldDeleteAndChangesNothing() throws Exception {
    NbaStatsDatabase db = NbaStatsDatabase.bloated();
    start(Mode.DRY_RUN, db);
    everythingToDo();
    long vacuums = db.games("vacuum_count");
    long filenode = db.indexFilenode();
    String id = scheduledRun();

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(h.messages(id))
        .contains("s3://nba-mcp-logs/: 2 objects older than 30d (4 KiB): app/2025-09-01.log, app/2025-09-07.log")
        .contains("2 of 3 secrets named nba-mcp/* unchanged for more than 90 days")
        .contains("no_action: mode dry-run: 6 actions planned, none run");
    assertThat(h.cluster.mutatingRequests()).isEmpty();
    assertThat(stubs.posts(MaintenanceStubs.BUCKET)).isEmpty();
    assertThat(stubs.posts(MaintenanceStubs.CI_PATH)).isEmpty();
    assertThat(stubs.operations()).containsOnly("secretsmanager.ListSecrets", "DescribeDBSnapshots");
    assertThat(db.games("vacuum_count")).isEqualTo(vacuums);
    assertThat(db.indexFilenode()).isEqualTo(filenode);
  }

  @Test
  void withoutARecentSnapshotItEscalatesAtP2() throws Exception {
    start(Mode.ENFORCE, NbaStatsDatabase.small());
    stubs.logs(List.of(LOGS.get(2)), List.of(AGES.get(2)));
    stubs.noOldSecrets();
    stubs.noSnapshots();
    String id = scheduledRun();

    h.runDue();
    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
    for (int i = 0; i < 7 && h.status(id) == IncidentStatus.VERIFYING; i++) {
      h.clock.advance(Duration.ofMinutes(10));
      h.runDue();
    }

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(h.messages(id))
        .contains("nba-mcp-prod: 0 automated snapshots in the last 7d; none available")
        .contains("verify_failed: 'result.newest_age_hours < 26.0' did not hold within 1h")
        .contains("paging log at P2");
  }
}

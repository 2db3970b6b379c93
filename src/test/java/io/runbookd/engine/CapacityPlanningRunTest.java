package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.SigV4Check;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.sql.TestDatasources;
import io.runbookd.store.ReportStore;
import io.runbookd.store.RunStore;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.Postgres;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped RB-202 run for its first-Monday slot by the real engine with the daemon's plugins:
 * Prometheus range queries and Cost Explorer as WireMock stubs in their wire formats, a real
 * PostgreSQL for the data size, and the fabric8 mock cluster holding the seed's autoscaler
 * nba-mcp-autoscaler (2 to 10 replicas). Request rate grows by 1 req/s a day from 100 to 280; at
 * 40 req/s a pod with 20% headroom, the 30 days ahead need min 8 (281 req/s) and max 10 (about
 * 312 req/s at the upper bound, plus 20%, is 9.4 pods).
 */
class CapacityPlanningRunTest {
  static final Instant SLOT = Instant.parse("2025-11-03T09:00:00Z"); // the first Monday of November
  static final String HPA = "nba-mcp-autoscaler";

  @TempDir Path dir;
  private CapacityStubs stubs;
  private AwsClients aws;
  private DaemonPlugins plugins;
  private EngineHarness h;

  /** The harness over the shipped RB-202, its clock at the slot, the autoscaler at 2 to 10. */
  static EngineHarness start(Path dir, StoreKind kind, Mode mode, CapacityStubs stubs, DaemonPlugins plugins)
      throws Exception {
    EngineHarness h = new EngineHarness(kind.config(dir), dir, mode,
        List.of(Files.readString(Path.of("rules/RB-202.yaml"))), plugins.over(), plugins.vars());
    h.clock.advance(Duration.between(h.clock.instant(), SLOT));
    HasMetadata hpa = h.cluster.client().getKubernetesSerialization().unmarshal("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: %s, namespace: nba-mcp}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          minReplicas: 2
          maxReplicas: 10
          metrics:
            - type: Resource
              resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
        """.formatted(HPA, Seed.DEPLOYMENT));
    h.cluster.client().resource(hpa).inNamespace(Seed.NAMESPACE).create();
    h.cluster.clearRequests();
    return h;
  }

  /** The daemon's plugins for RB-202: Prometheus and AWS at the stubs, nba_stats a real database. */
  static DaemonPlugins plugins(Path dir, CapacityStubs stubs, AwsClients aws) throws Exception {
    String db = Postgres.newDatabase();
    TestDatasources.execute(db,
        "CREATE TABLE games (id int, season int, home text, away text)",
        "INSERT INTO games SELECT g, 2000 + g % 25, 'home ' || g, 'away ' || g FROM generate_series(1, 50000) g",
        "CREATE INDEX idx_games_season ON games (season)",
        "CREATE TABLE players (id int, name text)",
        "INSERT INTO players SELECT g, 'player ' || g FROM generate_series(1, 5000) g",
        "ANALYZE");
    return new DaemonPlugins(dir, """
        kubernetes: {namespaces: [nba-mcp]}
        prometheus: {url: '%s'}
        datasources:
          nba_stats: {url: '%s', user: postgres, password: postgres}
        """.formatted(stubs.url(), db), aws);
  }

  /** The scheduler's run for the slot, as it opens it. */
  static String scheduledRun(EngineHarness h) {
    return new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
        h.rule.title(), "P3", "schedule", SLOT.toString(), "schedule", Map.of(),
        Optional.of(SLOT.plus(Duration.ofHours(4)))));
  }

  private void start(StoreKind kind, int requestDays) throws Exception {
    stubs = new CapacityStubs(SLOT);
    stubs.sixMonths(requestDays);
    aws = stubs.aws();
    plugins = plugins(dir, stubs, aws);
    h = start(dir, kind, Mode.ENFORCE, stubs, plugins);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
    plugins.close();
    aws.close();
    stubs.close();
  }

  private HorizontalPodAutoscalerSpec hpa() {
    return h.cluster.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace(Seed.NAMESPACE)
        .withName(HPA).get().getSpec();
  }

  private String report() {
    List<ReportStore.Summary> reports = new ReportStore(h.store).list(Optional.of("RB-202"), 10);
    assertThat(reports).singleElement().satisfies(r -> assertThat(r.title()).isEqualTo("Monthly capacity report"));
    return new ReportStore(h.store).html(reports.get(0).id()).orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void reportsTheForecastAndSetsTheRecommendedBoundsOnlyOnceApproved(StoreKind kind) throws Exception {
    start(kind, 181);
    String id = scheduledRun(h);

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
    assertThat(h.messages(id)).contains("action scaling_policy waits for approval")
        .contains("set HPA nba-mcp/nba-mcp-autoscaler to min 8, max 10 replicas")
        .contains("report stored: Monthly capacity report: /api/v1/reports/");
    assertThat(h.cluster.mutatingRequests()).as("nothing changed before approval").isEmpty();
    assertThat(report()).contains("Recommended for HPA nba-mcp/nba-mcp-autoscaler: min 8, max 10 replicas")
        .contains("<td>public.games</td>", "<td>2025-10-01</td><td>2025-11-01</td><td>18230</td><td>USD</td>")
        .contains("nba_stats is ", "The recommendation assumes 40.0 req/s per pod")
        .contains("Last month&#39;s blended cost from AWS Cost Explorer: 18234.56 USD.");
    assertSixMonthsAtOnePointADay();
    assertCostExplorerCalledSignedForMonthlyBlendedCost();

    h.decide(id, "approved", "ops@nba-mcp.com");
    h.runDue();
    h.clock.advance(Duration.ofMinutes(1));
    h.runDue();

    assertThat(hpa().getMinReplicas()).isEqualTo(8);
    assertThat(hpa().getMaxReplicas()).isEqualTo(10);
    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(h.messages(id)).contains("set HPA nba-mcp/nba-mcp-autoscaler from min 2, max 10 to min 8, max 10");
    assertThat(report()).contains("is resolved.").contains("remediate:scaling_policy");
  }

  private void assertSixMonthsAtOnePointADay() {
    List<LoggedRequest> queries = stubs.rangeQueries("^max_over_time\\(sum\\(rate\\(http_requests_total.*");
    assertThat(queries).singleElement().satisfies(q -> {
      long start = Long.parseLong(q.queryParameter("start").firstValue());
      long end = Long.parseLong(q.queryParameter("end").firstValue());
      assertThat(q.queryParameter("step").firstValue()).isEqualTo("86400");
      assertThat(end).isEqualTo(Instant.parse("2025-11-03T00:00:00Z").getEpochSecond());
      assertThat(end - start).isEqualTo(180 * CapacityStubs.DAY);
    });
  }

  private void assertCostExplorerCalledSignedForMonthlyBlendedCost() throws Exception {
    assertThat(stubs.costRequests()).singleElement().satisfies(r -> {
      assertThat(r.getHeader("X-Amz-Target")).isEqualTo("AWSInsightsIndexService.GetCostAndUsage");
      assertThat(SigV4Check.valid(r, CapacityStubs.SECRET, "us-east-1", "ce")).isTrue();
      JsonNode body = EngineHarness.JSON.readTree(r.getBodyAsString());
      assertThat(body.toString()).isEqualTo("{\"TimePeriod\":{\"Start\":\"2025-10-01\",\"End\":\"2025-11-01\"},"
          + "\"Granularity\":\"MONTHLY\",\"Metrics\":[\"BlendedCost\"]}");
    });
  }

  @Test
  void aSeriesTooShortToForecastLeavesTheAutoscalerAloneAndSaysWhy() throws Exception {
    start(StoreKind.SQLITE, 5);
    String id = scheduledRun(h);

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
    assertThat(h.messages(id)).contains("too short to forecast: 5 usable samples")
        .contains("action scaling_policy skipped: condition 'probes.requests.forecast.recommendation.usable")
        .contains("no_action: no remediation step applies")
        .doesNotContain("waits for approval");
    assertThat(h.cluster.mutatingRequests()).isEmpty();
    assertThat(hpa().getMinReplicas()).isEqualTo(2);
    assertThat(hpa().getMaxReplicas()).isEqualTo(10);
    assertThat(report()).contains("No change recommended: no recommendation: too short to forecast: 5 usable samples");
  }
}

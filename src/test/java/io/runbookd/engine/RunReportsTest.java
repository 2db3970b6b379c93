package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.ReportStore;
import io.runbookd.store.RunStore;
import io.runbookd.testing.SeedSignals;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A runbook's report built by the engine from what its probes found: a forecast chart of a range
 * query (Prometheus' matrix format, from WireMock), a computed line, a table of pods from the mock
 * cluster, and how the run went; stored once the probes answered and updated when the run ends.
 */
class RunReportsTest {
  private static final String RULE = """
      id: RB-R
      title: capacity report
      manual: {}
      diagnose:
        - id: requests
          probe: prometheus.query_range
          params: {query: 'sum(rate(http_requests_total[1d]))', range: 90d, step: 1d, forecast: 30d,
                   per_pod: 40, min_replicas: 2, max_replicas: 20}
        - id: pods
          probe: k8s.pod_status
          params: {namespace: nba-mcp, selector: app=nba-mcp}
      report:
        title: Monthly capacity report
        sections:
          - heading: Request rate
            text: {expr: '"recommended HPA: " + string(probes.requests.forecast.recommendation.min_replicas) + " to " + string(probes.requests.forecast.recommendation.max_replicas)'}
            chart: {probe: requests, unit: req/s}
          - heading: Pods
            table: {probe: pods, rows: pods, columns: [name, phase, restarts]}
          - heading: Series
            table: {probe: requests, rows: series, columns: [labels]}
      """;

  @TempDir Path dir;
  private WireMockServer prometheus;
  private AwsClients aws;
  private DaemonPlugins plugins;
  private EngineHarness h;

  @BeforeEach
  void start() throws Exception {
    prometheus = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    prometheus.start();
    long day = 86_400;
    long start = 1_760_227_200L - 89 * day;
    java.util.StringJoiner points = new java.util.StringJoiner(",");
    for (int d = 0; d < 90; d++) {
      points.add("[" + (start + d * day) + ",\"" + (300 + 3 * d + (d % 5 - 2)) + "\"]");
    }
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"instance\":"
            + "\"http://scraper:hunter2@10.0.0.1:9100/metrics?token=abc\"},"
            + "\"values\":[" + points + "]}]}}")));
    aws = new AwsClients(new RunbookdConfig.Aws(Optional.of("us-east-1"), Optional.of(URI.create("http://127.0.0.1:1"))),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
        AwsTimeouts.all(Duration.ofSeconds(2)));
  }

  private EngineHarness harness(StoreKind kind) throws Exception {
    plugins = new DaemonPlugins(dir, "kubernetes: {namespaces: [nba-mcp]}\nprometheus: {url: '"
        + prometheus.baseUrl() + "'}\n", aws);
    h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, List.of(RULE), plugins.over(), plugins.vars());
    SeedSignals.into(h.cluster);
    return h;
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
      plugins.close();
    }
    aws.close();
    prometheus.stop();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theReportShowsTheForecastTheRecommendationThePodsAndTheRun(StoreKind kind) throws Exception {
    harness(kind);
    String id = new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
        h.rule.title(), "P3", "manual", "run-1", "alice", Map.of(), Optional.empty()));
    h.runDue();

    assertThat(h.status(id)).isIn(IncidentStatus.RESOLVED, IncidentStatus.ESCALATED);
    List<ReportStore.Summary> reports = new ReportStore(h.store).list(Optional.of("RB-R"), 10);
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).incident()).isEqualTo(id);
    String html = new ReportStore(h.store).html(reports.get(0).id()).orElseThrow();
    assertThat(html).contains("Monthly capacity report").contains("recommended HPA: ")
        .contains("<svg").contains("95% prediction interval").contains("Recommendation: min ")
        .contains("nba-mcp-").contains("The run").contains("diagnose:requests");
    assertThat(html).as("a report is redacted like the timeline").contains("10.0.0.1:9100/metrics")
        .doesNotContain("hunter2").doesNotContain("token=abc");
    assertThat(h.messages(id)).contains("report stored: Monthly capacity report: /api/v1/reports/"
        + reports.get(0).id());
    assertThat(h.incidents().holds(id).reports()).containsExactly(List.of(reports.get(0).id(),
        "Monthly capacity report"));
  }
}

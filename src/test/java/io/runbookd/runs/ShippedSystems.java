package io.runbookd.runs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.engine.CapacityStubs;
import io.runbookd.engine.DeploymentStubs;
import io.runbookd.engine.MaintenanceStubs;
import io.runbookd.engine.NbaStatsDatabase;
import io.runbookd.mlflow.MlflowWire;
import io.runbookd.mlflow.MlflowWire.Version;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.SeedSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every system the shipped runbooks talk to, on 127.0.0.1, seeded so that each of their probes
 * answers and each runbook has something to fix: one WireMock server is the AWS endpoint
 * (CloudWatch in RPC v2 CBOR, Cost Explorer and Secrets Manager in JSON 1.1, RDS in Query, S3 in
 * REST-XML), Prometheus (instant and range queries), the service's health, drift and retraining
 * endpoints, the CI webhook and a webhook pager; MLflow's registry and the model service run on
 * their own servers; the fabric8 mock cluster holds the seed's workload mid-incident; nba_stats is
 * a real PostgreSQL with a bloated index, an error log and a slow statement on games by season.
 */
final class ShippedSystems implements AutoCloseable {
  static final String MODEL = "nba_win_predictor";
  static final String PAGES = "/pages";
  static final String HPA = "nba-mcp-autoscaler";
  /** The database CPU of the last hour: 85% now, 95% at its peak. */
  static final double[] RDS_CPU = {62, 70, 78, 95, 91, 88, 84, 86, 83, 87, 85};

  final CloudWatchWire wire = CloudWatchWire.start();
  final MlflowWire mlflow = new MlflowWire();
  final DeploymentStubs deployment;
  final MockCluster cluster = MockCluster.start();
  final NbaStatsDatabase db;
  private final Instant now = Instant.now();

  ShippedSystems() throws Exception {
    rdsCpu(); // first: CloudWatchWire resets the server's stubs when it answers
    maintenance();
    new CapacityStubs(wire.server(), now).sixMonths(181);
    mlflow.model(MODEL, new Version("1", "Production", "run1", Map.of()), new Version("2", "None", "run2", Map.of()));
    mlflow.alias(MODEL, "production", "1");
    deployment = new DeploymentStubs(MODEL, () -> Optional.ofNullable(mlflow.aliasOf(MODEL, "production")),
        wire.server());
    prometheus();
    service();
    workload();
    db = NbaStatsDatabase.bloated();
    // autovacuum stays off games: only a drill could vacuum it, and none may
    TestDatasources.execute(db.url, "ALTER TABLE games SET (autovacuum_enabled = false)",
        "CREATE EXTENSION pg_stat_statements",
        "CREATE TABLE error_log (id serial, error_type text, timestamp timestamptz DEFAULT now())",
        "INSERT INTO error_log (error_type) SELECT CASE WHEN g % 3 = 0 THEN 'DatabaseTimeout' ELSE 'NbaApiError' END"
            + " FROM generate_series(1, 30) g",
        "SELECT count(*) FROM games, pg_sleep(0.15) WHERE season = 2020");
  }

  /** The daemon's configuration, as {@code RUNBOOKD_*} overrides, pointing at these systems. */
  Map<String, Object> config() {
    String base = "http://127.0.0.1:" + wire.server().port();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("prometheus.url", base);
    config.put("aws.endpoint", base);
    config.put("aws.region", CloudWatchWire.REGION);
    config.put("mlflow.url", mlflow.baseUrl());
    config.put("datasources.nba_stats.url", db.url);
    config.put("datasources.nba_stats.user", "postgres");
    config.put("datasources.nba_stats.password", "postgres");
    config.put("pagers.webhook.url", base + PAGES);
    config.put("vars.health_url", base + "/health");
    config.put("vars.drift_url", base + "/drift/report");
    config.put("vars.retrain_url", base + "/admin/retrain");
    config.put("vars.ci_webhook_url", base + MaintenanceStubs.CI_PATH);
    config.put("vars.shadow_register_url", deployment.serviceUrl(DeploymentStubs.SHADOW));
    config.put("vars.model_promote_url", deployment.serviceUrl(DeploymentStubs.PROMOTE));
    config.put("vars.model_current_url", deployment.serviceUrl(DeploymentStubs.CURRENT));
    return config;
  }

  private void rdsCpu() {
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < RDS_CPU.length; i++) {
      Instant at = now.minus(Duration.ofMinutes(5L * (RDS_CPU.length - i)));
      points.add(Map.of("Timestamp", at, "Average", RDS_CPU[i], "Unit", "Percent"));
    }
    wire.answer("CPUUtilization", points);
  }

  /** RB-201's bucket, secrets and backups, and the CI webhook. */
  private void maintenance() {
    MaintenanceStubs stubs = new MaintenanceStubs(wire.server(), now);
    stubs.logs(List.of("app/old-1.log", "app/old-2.log", "app/new.log"),
        List.of(Duration.ofDays(48), Duration.ofDays(42), Duration.ofDays(1)));
    stubs.secrets();
    stubs.newestSnapshot(Duration.ofHours(3));
    stubs.ci();
  }

  /**
   * RB-001's gate healthy (agreement, latency, 0.2% errors, which RB-101 reads too), RB-002's and
   * RB-102's verification latencies, and RB-103's drift score over its threshold.
   */
  private void prometheus() {
    deployment.healthy();
    deployment.reads("http_request_duration_seconds_bucket", 0.21);
    deployment.reads("nba_mcp_db_query_duration_seconds_bucket", 0.4);
    deployment.reads("nba_mcp_feature_drift_score", 0.34);
  }

  /** The NBA API is failing behind the service (RB-101's cause C); the model has drifted. */
  private void service() {
    WireMockServer server = wire.server();
    server.stubFor(get(urlPathEqualTo("/health")).willReturn(json(503,
        "{\"status\":\"degraded\",\"checks\":{\"database\":\"ok\",\"nba_api\":\"timeout\"}}")));
    server.stubFor(get(urlPathEqualTo("/drift/report")).willReturn(json(200,
        "{\"drifted_features\":[\"player_efficiency_rating\"],\"max_score\":0.34,\"baseline_date\":\"2025-09-01\"}")));
    server.stubFor(post(urlPathEqualTo("/admin/retrain")).willReturn(json(202, "{\"run\":\"r-1\"}")));
    server.stubFor(post(urlPathEqualTo(PAGES)).willReturn(aResponse().withStatus(202)));
  }

  /** The seed's pods with their usage and events, logging no errors (RB-001's gate reads them). */
  private void workload() {
    SeedSignals.into(cluster);
    for (String pod : List.of(Seed.POD_READY, Seed.POD_OOM, Seed.POD_CRASHING)) {
      cluster.podLog(Seed.NAMESPACE, pod, Seed.CONTAINER, "INFO GET /predict 200 12ms\nINFO GET /health 200 1ms\n");
    }
  }

  /**
   * The autoscaler RB-202 reads and would re-bound (2 to 4 replicas), while {@code drill} runs;
   * RB-002 scales only a Deployment that no autoscaler owns, so it is there for RB-202 alone.
   */
  void withAutoscaler(ThrowingRunnable drill) throws Exception {
    HasMetadata hpa = cluster.client().getKubernetesSerialization().unmarshal("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: %s, namespace: nba-mcp}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          minReplicas: 2
          maxReplicas: 4
        """.formatted(HPA, Seed.DEPLOYMENT));
    cluster.client().resource(hpa).inNamespace(Seed.NAMESPACE).create();
    cluster.clearRequests();
    try {
      drill.run();
    } finally {
      cluster.client().resource(hpa).inNamespace(Seed.NAMESPACE).delete();
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Override
  public void close() {
    cluster.close();
    deployment.close();
    mlflow.close();
    wire.close();
  }
}

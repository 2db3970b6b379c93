package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.runbookd.alert.Alert;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.ManualParams;
import io.runbookd.store.RunStore;
import io.runbookd.testing.MockCluster.Seed;
import io.runbookd.testing.SeedSignals;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The shipped RB-002 run by the real engine with the daemon's plugins against the fabric8 mock
 * cluster (the seed's Deployment at 3 replicas) and a Prometheus stub: within its bounds it scales
 * at once, past the lower bound it waits for approval, and it never scales what an HPA owns.
 */
class ScaleApplicationRunTest {
  private static final String HPA =
      """
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: nba-mcp}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nba-mcp}
        minReplicas: 3
        maxReplicas: 10
      status: {currentReplicas: 3, desiredReplicas: 3}
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
    aws = new AwsClients(new RunbookdConfig.Aws(Optional.of("us-east-1"), Optional.of(URI.create("http://127.0.0.1:1"))),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
        AwsTimeouts.all(Duration.ofSeconds(2)));
    plugins = new DaemonPlugins(dir, "kubernetes: {namespaces: [nba-mcp]}\nprometheus: {url: '"
        + prometheus.baseUrl() + "'}\n", aws);
    h = new EngineHarness(StoreKind.SQLITE.config(dir), dir, Mode.ENFORCE,
        List.of(Files.readString(Path.of("rules/RB-002.yaml"))), plugins.over(), plugins.vars());
    SeedSignals.into(h.cluster);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
    plugins.close();
    aws.close();
    prometheus.stop();
  }

  /** A run started by hand, with the parameters bound as the API binds them. */
  private String runByHand(Map<String, String> params) {
    ManualParams.Binding bound = h.rule.triggers().manual().orElseThrow().bind(params);
    assertThat(bound.problems()).isEmpty();
    return new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
        h.rule.title(), "P2", "manual", "run-" + params.hashCode(), "ops@nba-mcp.com", bound.values(),
        Optional.empty()));
  }

  private String highCpuUsage() throws Exception {
    Alert alert = new Alert(Alert.Status.FIRING, Map.of("alertname", "HighCPUUsage", "namespace", "nba-mcp",
        "deployment", "nba-mcp", "severity", "warning"), Map.of("value", "0.92"),
        h.clock.instant().minusSeconds(60), Optional.empty(), "", "8b1e4f0a6c27d953");
    return h.write(EngineHarness.draftOf(h.rule, alert));
  }

  private int replicas() {
    return h.cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT).getSpec().getReplicas();
  }

  /** Prometheus answers the verification query with a p95 latency of 210 ms. */
  private void latencyBackToNormal() {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1760270400,\"0.21\"]}]}}")));
  }

  @Test
  void scalesWithinItsBoundsAtOnceAndResolvesOnceTheCriteriaHeldForFifteenMinutes() throws Exception {
    latencyBackToNormal();
    String id = runByHand(Map.of("replicas", "6"));

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
    assertThat(replicas()).isEqualTo(6);
    assertThat(h.cluster.mutatingRequests())
        .containsExactly("PATCH /apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp");
    assertThat(h.messages(id)).contains("scaled deployment nba-mcp/nba-mcp from 3 to 6 replicas");
    List<IncidentStatus> seen = new ArrayList<>();
    for (int minute = 1; minute <= 17; minute++) {
      h.clock.advance(Duration.ofMinutes(1));
      h.runDue();
      seen.add(h.status(id));
    }
    assertThat(seen.subList(0, 14)).containsOnly(IncidentStatus.VERIFYING);
    assertThat(seen.get(16)).as(h.messages(id)).isEqualTo(IncidentStatus.RESOLVED);
  }

  @Test
  void pastTheLowerBoundItWaitsForApprovalAndScalesOnlyOnceApproved() throws Exception {
    String id = runByHand(Map.of("replicas", "2"));

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
    assertThat(replicas()).isEqualTo(3);
    assertThat(h.cluster.mutatingRequests()).isEmpty();
    assertThat(h.messages(id))
        .contains("action scale skipped")
        .contains("action scale_past_bounds waits for approval")
        .contains("scale deployment nba-mcp/nba-mcp to 2 replicas (rule bounds 2..20)");
    h.decide(id, "approved", "lead@nba-mcp.com");
    h.runDue();
    assertThat(replicas()).as(h.messages(id)).isEqualTo(2);
    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
  }

  @Test
  void aHighCpuAlertAddsTwoPods() throws Exception {
    String id = highCpuUsage();

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
    assertThat(replicas()).isEqualTo(5);
    assertThat(h.messages(id)).contains("action scale skipped", "action resize skipped");
  }

  @Test
  void neverScalesADeploymentAnAutoscalerOwnsAndSaysWhy() throws Exception {
    HasMetadata hpa = h.cluster.client().getKubernetesSerialization().unmarshal(HPA);
    h.cluster.client().resource(hpa).inNamespace(Seed.NAMESPACE).create();
    h.cluster.clearRequests();
    String byHand = runByHand(Map.of("replicas", "6"));
    String alerted = highCpuUsage();

    h.runDue();

    assertThat(h.cluster.mutatingRequests()).isEmpty();
    assertThat(replicas()).isEqualTo(3);
    for (String id : List.of(byHand, alerted)) {
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      assertThat(h.messages(id))
          .contains("1 autoscaler in nba-mcp deployment nba-mcp: nba-mcp -> deployment nba-mcp: 3 of 3..10")
          .containsPattern("action scale(_out)? skipped: condition '[^']*probes\\.hpa\\.count == 0[^']*' is false")
          .contains("no_action: no remediation step applies");
    }
  }

  @Test
  void scalesVerticallyWithTheRequestsAndLimitsGiven() throws Exception {
    String id = runByHand(Map.of("cpu_request", "2000", "cpu_limit", "4000", "memory_request", "4096",
        "memory_limit", "8192"));

    h.runDue();

    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
    assertThat(replicas()).isEqualTo(3);
    ResourceRequirements resources = h.cluster.deployment(Seed.NAMESPACE, Seed.DEPLOYMENT).getSpec()
        .getTemplate().getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests()).containsOnlyKeys("cpu", "memory");
    assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("2000m");
    assertThat(resources.getRequests().get("memory").toString()).isEqualTo("4096Mi");
    assertThat(resources.getLimits().get("cpu").toString()).isEqualTo("4000m");
    assertThat(resources.getLimits().get("memory").toString()).isEqualTo("8192Mi");
  }
}

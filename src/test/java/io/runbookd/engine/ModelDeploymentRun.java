package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.mlflow.MlflowWire;
import io.runbookd.mlflow.MlflowWire.Version;
import io.runbookd.store.RunStore;
import io.runbookd.testing.MockCluster.Seed;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the RB-001 run tests share: the shipped rule run by the real engine with the daemon's
 * plugins and an injected clock, against MLflow's registry ({@link MlflowWire}: versions "1" in
 * production and "2" the candidate), the model service and Prometheus ({@link DeploymentStubs}),
 * the fabric8 mock cluster's pods and their logs, and a webhook pager on WireMock.
 */
abstract class ModelDeploymentRun {
  static final String MODEL = "nba_win_predictor";
  static final String PAGES = "/pages";
  static final String ALIAS = "/api/2.0/mlflow/registered-models/alias";

  MlflowWire mlflow;
  DeploymentStubs stubs;
  WireMockServer pager;
  AwsClients aws;
  DaemonPlugins plugins;
  EngineHarness h;

  void start(StoreKind kind, Path dir, Mode mode) throws Exception {
    mlflow = new MlflowWire();
    mlflow.model(MODEL, new Version("1", "Production", "run1", Map.of("semver", "1.4.0")),
        new Version("2", "None", "run2", Map.of("semver", "2.0.0")));
    mlflow.alias(MODEL, "production", "1");
    stubs = new DeploymentStubs(MODEL, () -> Optional.ofNullable(mlflow.aliasOf(MODEL, "production")));
    stubs.healthy();
    pager = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    pager.start();
    pager.stubFor(post(urlPathEqualTo(PAGES)).willReturn(aResponse().withStatus(202)));
    aws = new AwsClients(new RunbookdConfig.Aws(Optional.of("us-east-1"), Optional.of(URI.create("http://127.0.0.1:1"))),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
        AwsTimeouts.all(Duration.ofSeconds(2)));
    plugins = new DaemonPlugins(dir, config(), aws);
    h = new EngineHarness(kind.config(dir), dir, mode, List.of(Files.readString(Path.of("rules/RB-001.yaml"))),
        plugins.over(), plugins.vars());
    for (String pod : List.of(Seed.POD_READY, Seed.POD_OOM, Seed.POD_CRASHING)) {
      h.cluster.podLog(Seed.NAMESPACE, pod, Seed.CONTAINER,
          "INFO GET /predict 200 12ms\nINFO shadow compared: agree\nINFO GET /health 200 1ms\n");
    }
  }

  private String config() {
    return """
        kubernetes: {namespaces: [nba-mcp]}
        prometheus: {url: '%s'}
        mlflow: {url: '%s'}
        http: {allowedHosts: [127.0.0.1]}
        pagers: {webhook: {url: 'http://127.0.0.1:%d%s'}}
        vars:
          shadow_register_url: '%s'
          model_promote_url: '%s'
          model_current_url: '%s'
        """.formatted(stubs.prometheusUrl(), mlflow.baseUrl(), pager.port(), PAGES,
        stubs.serviceUrl(DeploymentStubs.SHADOW), stubs.serviceUrl(DeploymentStubs.PROMOTE),
        stubs.serviceUrl(DeploymentStubs.CURRENT));
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
    plugins.close();
    aws.close();
    stubs.close();
    pager.stop();
    mlflow.close();
  }

  /** A run of version "2" started by hand ({@code kind} manual) or a drill of it. */
  String open(String kind) {
    var bound = h.rule.triggers().manual().orElseThrow().bind(Map.of("model", MODEL, "version", "2"));
    assertThat(bound.problems()).isEmpty();
    return new RunStore(h.store, EngineHarness.JSON).open(new RunStore.Draft(h.rule.id(), h.rule.version(),
        h.rule.title(), "P2", kind, kind + "-1", "ops@nba-mcp.com", bound.values(), Optional.empty()));
  }

  /** Moves the clock {@code step} at a time for {@code total}, running what falls due; the statuses seen. */
  List<IncidentStatus> pass(String id, Duration total, Duration step) throws Exception {
    List<IncidentStatus> seen = new ArrayList<>();
    for (Duration gone = Duration.ZERO; gone.compareTo(total) < 0; gone = gone.plus(step)) {
      h.clock.advance(step);
      h.runDue();
      seen.add(h.status(id));
    }
    return seen;
  }

  /** From the start to the approval: the shadow registered and its gate held for 24 hours. */
  void shadowHeldForADay(String id) throws Exception {
    h.runDue();
    assertThat(pass(id, Duration.ofMinutes(23 * 60 + 45), Duration.ofMinutes(15)))
        .containsOnly(IncidentStatus.VERIFYING);
    pass(id, Duration.ofMinutes(15), Duration.ofMinutes(15));
    assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
  }

  /** Approved, promoted, and the service found serving the candidate 30 seconds later. */
  void approvedAndVerified(String id) throws Exception {
    assertThat(h.decide(id, "approved", "lead@nba-mcp.com")).containsExactly("gate:approve");
    h.runDue();
    pass(id, Duration.ofSeconds(30), Duration.ofSeconds(30));
    assertThat(h.messages(id)).contains("verify 'result.ok && has(result.fields.version)"
        + " && string(result.fields.version) == params.version' holds", "version=2");
  }

  /** The reason recorded with the incident's latest status change. */
  String reason(String id) throws Exception {
    List<io.runbookd.incident.TimelineEntry> lines = h.timeline(id).stream()
        .filter(e -> e.kind().equals("status")).toList();
    return lines.get(lines.size() - 1).message();
  }

  long readings(String id) throws Exception {
    return h.kinds(id).stream().filter("gate_reading"::equals).count();
  }

  /** MLflow's write requests, {@code "POST {json}"}, oldest first. */
  List<String> registryWrites() {
    return mlflow.requests().stream().filter(r -> !r.getMethod().getName().equals("GET"))
        .filter(r -> !r.getUrl().endsWith("/get-latest-versions"))
        .map(r -> r.getMethod().getName() + " " + r.getBodyAsString()).toList();
  }

  /** The bodies of MLflow's {@code POST .../registered-models/alias} requests, oldest first. */
  List<JsonNode> aliasMoves() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (LoggedRequest r : mlflow.requests()) {
      if (r.getMethod().getName().equals("POST") && r.getUrl().equals(ALIAS)) {
        out.add(json(r.getBodyAsString()));
      }
    }
    return out;
  }

  /** What {@code POST .../alias} carries to point production at {@code version}. */
  static JsonNode productionAt(String version) throws Exception {
    return json("{\"name\":\"" + MODEL + "\",\"alias\":\"production\",\"version\":\"" + version + "\"}");
  }

  /** The pages the webhook pager delivered, as JSON. */
  List<JsonNode> pages() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (LoggedRequest r : pager.findAll(postRequestedFor(urlPathEqualTo(PAGES)))) {
      out.add(EngineHarness.JSON.readTree(r.getBodyAsString()));
    }
    return out;
  }

  static JsonNode json(String text) throws Exception {
    return EngineHarness.JSON.readTree(text);
  }
}

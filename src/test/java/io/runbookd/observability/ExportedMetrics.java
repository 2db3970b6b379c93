package io.runbookd.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric families the real daemon exports once it has handled the example alerts: every
 * example posted, in enforce mode, against stand-ins on loopback (Prometheus answering 0.5, the
 * health, drift and retrain endpoints), so that probes answer, RB-103's retrain runs, runbooks
 * escalate and page; then, with the kill switch on, one more drift alert whose action the switch
 * blocks. Scraped once per test JVM.
 */
final class ExportedMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Set<String> names;
  private static AssertionError failed;

  private ExportedMetrics() {}

  static synchronized Set<String> names() throws Exception {
    if (failed != null) {
      throw failed;
    }
    if (names == null) {
      try {
        names = scrape();
      } catch (AssertionError e) {
        failed = e;
        throw e;
      }
    }
    return names;
  }

  private static Set<String> scrape() throws Exception {
    WireMockServer stand = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    stand.start();
    try {
      stubTargets(stand);
      try (TestDaemon daemon = TestDaemon.start(StoreKind.POSTGRES.config(Path.of("unused")), settings(stand))) {
        runExamples(daemon);
        return families(daemon.get("/metrics").body());
      }
    } finally {
      stand.stop();
    }
  }

  private static Map<String, Object> settings(WireMockServer stand) {
    String base = "http://127.0.0.1:" + stand.port();
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("mode", "enforce");
    s.put("api.token", "metrics-test-api-token-0123");
    s.put("prometheus.url", base);
    s.put("vars.health_url", base + "/health");
    s.put("vars.drift_url", base + "/drift");
    s.put("vars.retrain_url", base + "/retrain");
    return s;
  }

  private static void stubTargets(WireMockServer stand) {
    stand.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{\"feature\":\"per\"},\"value\":[1760248841,\"0.5\"]}]}}")));
    stand.stubFor(get(urlPathEqualTo("/health")).willReturn(okJson(
        "{\"status\":\"degraded\",\"checks\":{\"database\":\"ok\",\"nba_api\":\"ok\"}}")));
    stand.stubFor(get(urlPathEqualTo("/drift")).willReturn(okJson(
        "{\"drifted_features\":[\"per\"],\"max_score\":0.5,\"baseline_date\":\"2025-10-01\"}")));
    stand.stubFor(post(urlPathEqualTo("/retrain")).willReturn(aResponse().withStatus(202).withBody("{}")));
  }

  private static void runExamples(TestDaemon daemon) throws IOException {
    try (var files = Files.list(Path.of("examples"))) {
      for (Path example : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        assertThat(daemon.postWebhook(Files.readString(example)).statusCode()).as(example.toString()).isEqualTo(200);
      }
    }
    awaitEngine(daemon, "runbookd_actions_total");
    HttpRequest pause = HttpRequest.newBuilder(daemon.uri("/api/v1/pause"))
        .header("Authorization", "Bearer metrics-test-api-token-0123")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"metrics-test\"}")).build();
    assertThat(daemon.send(pause).statusCode()).isEqualTo(200);
    String drift = Files.readString(Path.of("examples/data-drift.json"))
        .replace("nba_win_predictor", "nba_points_model").replace("5c0d8e7a1f29b463", "5c0d8e7a1f29b464");
    assertThat(daemon.postWebhook(drift).statusCode()).isEqualTo(200);
    awaitEngine(daemon, "runbookd_guard_blocks_total");
  }

  /** Until no incident waits for the engine's next step and {@code family} was exported. */
  private static void awaitEngine(TestDaemon daemon, String family) {
    try {
      awaitIdle(daemon, family);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder state = new StringBuilder("engine did not finish (or no " + family + "):\n");
      try {
        for (JsonNode incident : JSON.readTree(daemon.get("/api/v1/incidents").body())) {
          state.append(daemon.get("/api/v1/incidents/" + incident.path("id").asText()).body()).append('\n');
        }
      } catch (IOException io) {
        state.append(io).append('\n');
      }
      state.append(families(daemon.get("/metrics").body()));
      throw new AssertionError(state.toString(), e);
    }
  }

  private static void awaitIdle(TestDaemon daemon, String family) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
      JsonNode incidents = JSON.readTree(daemon.get("/api/v1/incidents").body());
      for (JsonNode incident : incidents) {
        if (Set.of("matched", "diagnosing", "acting").contains(incident.path("status").asText())) {
          return false;
        }
      }
      return families(daemon.get("/metrics").body()).contains(family);
    });
  }

  /** Family names of a Prometheus text exposition, without _bucket, _count, _sum, _max. */
  static Set<String> families(String exposition) {
    Set<String> out = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String name = line.split("[{ ]", 2)[0];
      out.add(name.replaceFirst("_(bucket|count|sum|max)$", ""));
    }
    return out;
  }

  static List<String> sorted(Set<String> set) {
    return List.copyOf(new TreeSet<>(set));
  }
}

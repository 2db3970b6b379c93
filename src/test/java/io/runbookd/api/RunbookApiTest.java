package io.runbookd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.testing.RunbookRules;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Manual runs over HTTP against the real daemon: who may start one, what is refused, what is stored. */
class RunbookApiTest {
  static final String API = "admin-token-0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private WireMockServer prometheus;

  @BeforeEach
  void start() {
    prometheus = RunbookRules.prometheus();
  }

  @AfterEach
  void stop() {
    prometheus.stop();
  }

  TestDaemon daemon(StoreKind kind) throws Exception {
    Path rules = RunbookRules.write(dir, RunbookRules.MANUAL, RunbookRules.ALERT, RunbookRules.BROKEN);
    return TestDaemon.start(kind.config(dir), Map.of("rules.dir", rules, "prometheus.url", prometheus.baseUrl(),
        "api.token", API));
  }

  static HttpResponse<String> post(TestDaemon d, String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(d.uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return d.send(b.build());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  static JsonNode runbook(TestDaemon d, String id) throws Exception {
    for (JsonNode r : json(d.get("/api/v1/runbooks"))) {
      if (r.path("id").asText().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no runbook " + id);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aManualRunIsAnIncidentWithItsTriggerAndBoundParameters(StoreKind kind) throws Exception {
    try (TestDaemon d = daemon(kind)) {
      HttpResponse<String> started = post(d, "/api/v1/runbooks/RB-900/runs", API,
          "{\"by\": \"alice\", \"params\": {\"replicas\": 4, \"note\": \"scale up\"}}");

      assertThat(started.statusCode()).isEqualTo(202);
      String id = json(started).path("incident").asText();
      assertThat(id).startsWith("inc-");
      JsonNode incident = json(d.get("/api/v1/incidents/" + id));
      assertThat(incident.path("rule").asText()).isEqualTo("RB-900");
      assertThat(incident.path("trigger").asText()).isEqualTo("manual");
      assertThat(incident.path("triggerData").path("by").asText()).isEqualTo("alice");
      assertThat(incident.path("triggerData").path("params").toString())
          .isEqualTo("{\"replicas\":4,\"wait\":\"5m\",\"note\":\"scale up\"}");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(d.get("/api/v1/incidents/" + id).body()).contains("action scale planned"));
      assertThat(runbook(d, "RB-900").path("lastRun").path("incident").asText()).isEqualTo(id);
      assertThat(runbook(d, "RB-900").path("lastRun").path("trigger").asText()).isEqualTo("manual");
    }
  }

  @Test
  void aBadParameterIsNamedAndEveryProblemListed() throws Exception {
    try (TestDaemon d = daemon(StoreKind.SQLITE)) {
      HttpResponse<String> one = post(d, "/api/v1/runbooks/RB-900/runs", API, "{\"params\": {\"replicas\": 500}}");
      HttpResponse<String> two = post(d, "/api/v1/runbooks/RB-900/runs", API,
          "{\"params\": {\"replicas\": \"3.0\", \"wait\": \"2h\"}}");
      HttpResponse<String> missing = post(d, "/api/v1/runbooks/RB-900/runs", API, "{}");

      assertThat(one.statusCode()).isEqualTo(400);
      assertThat(json(one).path("field").asText()).isEqualTo("params.replicas");
      assertThat(json(one).path("error").asText()).isEqualTo("replicas: 500 is above the maximum 20");
      assertThat(json(two).path("field").asText()).isEqualTo("params.replicas");
      assertThat(json(two).path("problems").toString()).contains("replicas: '3.0' is not an int")
          .contains("wait: 2h is above the maximum 1h");
      assertThat(json(missing).path("error").asText()).isEqualTo("replicas: missing; it has no default");
      assertThat(d.get("/api/v1/incidents?rule=RB-900").body()).isEqualTo("[]");
    }
  }

  @Test
  void refusesWhatCannotStartARun() throws Exception {
    try (TestDaemon d = daemon(StoreKind.SQLITE)) {
      HttpResponse<String> unknown = post(d, "/api/v1/runbooks/RB-999/runs", API, "{}");
      HttpResponse<String> alertOnly = post(d, "/api/v1/runbooks/RB-910/runs", API, "{}");
      HttpResponse<String> noToken = post(d, "/api/v1/runbooks/RB-900/runs", null, "{\"params\":{\"replicas\":2}}");
      HttpResponse<String> otherToken = post(d, "/api/v1/runbooks/RB-900/runs", TestDaemon.TOKEN, "{}");
      HttpResponse<String> field = post(d, "/api/v1/runbooks/RB-900/runs", API, "{\"who\": \"x\"}");
      HttpResponse<String> list = post(d, "/api/v1/runbooks/RB-900/runs", API, "{\"params\": {\"replicas\": [2]}}");
      HttpResponse<String> twice = post(d, "/api/v1/runbooks/RB-900/runs", API, "{\"by\": \"a\", \"by\": \"b\"}");
      HttpResponse<String> big = post(d, "/api/v1/runbooks/RB-900/runs", API,
          "{\"by\": \"" + "a".repeat(20_000) + "\"}");

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(alertOnly.statusCode()).isEqualTo(400);
      assertThat(json(alertOnly).path("field").asText()).isEqualTo("runbook");
      assertThat(json(alertOnly).path("error").asText()).isEqualTo("RB-910 has no manual trigger: alerts start it");
      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(otherToken.statusCode()).isEqualTo(401);
      assertThat(json(field).path("field").asText()).isEqualTo("who");
      assertThat(json(list).path("field").asText()).isEqualTo("params.replicas");
      assertThat(twice.statusCode()).isEqualTo(400);
      assertThat(big.statusCode()).isEqualTo(413);
      assertThat(d.get("/api/v1/incidents").body()).isEqualTo("[]");
    }
  }

  @Test
  void listsEveryRunbookWithItsTriggersInWordsAndItsDrill() throws Exception {
    try (TestDaemon d = daemon(StoreKind.SQLITE)) {
      JsonNode listed = json(d.get("/api/v1/runbooks"));
      JsonNode manual = runbook(d, "RB-900");
      JsonNode alert = runbook(d, "RB-910");

      assertThat(listed).extracting(r -> r.path("id").asText()).containsExactly("RB-900", "RB-910", "RB-920");
      assertThat(manual.path("runbook").asText()).isEqualTo("Operational Runbooks, [RB-002] Scale Application");
      assertThat(manual.path("lastRun").isNull()).isTrue();
      assertThat(manual.path("triggers").get(0).path("kind").asText()).isEqualTo("manual");
      assertThat(manual.path("triggers").get(0).path("params").get(0).toString()).isEqualTo(
          "{\"name\":\"replicas\",\"type\":\"int\",\"required\":true,\"default\":null,\"min\":1,\"max\":20,"
              + "\"pattern\":null,\"enum\":null,\"description\":\"pods after scaling\"}");
      assertThat(manual.path("triggers").get(0).path("params").get(1).path("default").asText()).isEqualTo("5m");
      assertThat(alert.path("priority").asText()).isEqualTo("P2");
      assertThat(alert.path("triggers").get(0).path("description").asText())
          .isEqualTo("HighErrorRate{namespace=\"nba-mcp\"} when alert.value > 0.05");
      assertThat(manual.path("drill").path("every").asText()).isEqualTo("30d");
      assertThat(alert.path("drill").path("every").asText()).isEqualTo("90d");
      assertThat(alert.path("drill").path("status").asText()).isEqualTo("DUE");
      assertThat(alert.path("drill").path("lastTested").isNull()).isTrue();
      assertThat(alert.path("drill").path("incident").isNull()).isTrue();
    }
  }

  @Test
  void listsAScheduledRunbookWithItsCronAndWindowInWords() throws Exception {
    Path rules = RunbookRules.write(dir, RunbookRules.SCHEDULED);
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("rules.dir", rules,
        "prometheus.url", prometheus.baseUrl(), "api.token", API))) {
      JsonNode triggers = runbook(d, "RB-930").path("triggers");

      assertThat(triggers).extracting(t -> t.path("kind").asText()).containsExactly("schedule", "manual");
      assertThat(triggers.get(0).toString()).isEqualTo("{\"kind\":\"schedule\",\"cron\":\"0 9 * * MON#1\","
          + "\"timezone\":\"Europe/Paris\",\"window\":\"4h\",\"description\":"
          + "\"the first Monday of each month at 09:00 Europe/Paris, for 4 hours\"}");
    }
  }
}

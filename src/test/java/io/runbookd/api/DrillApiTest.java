package io.runbookd.api;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.runbookd.api.RunbookApiTest.API;
import static io.runbookd.api.RunbookApiTest.json;
import static io.runbookd.api.RunbookApiTest.post;
import static io.runbookd.api.RunbookApiTest.runbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.DrillStore;
import io.runbookd.store.Store;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.RunbookRules;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Drills against the real daemon: what they replay, what they record, when they pass. */
class DrillApiTest {
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

  private TestDaemon daemon(StoreKind kind) throws Exception {
    Path rules = RunbookRules.write(dir, RunbookRules.MANUAL, RunbookRules.ALERT, RunbookRules.BROKEN);
    return TestDaemon.start(kind.config(dir), Map.of("rules.dir", rules, "prometheus.url", prometheus.baseUrl(),
        "api.token", API));
  }

  /** Starts a drill and waits for its result; returns the runbook's listing then. */
  static JsonNode drilled(TestDaemon d, String id) throws Exception {
    HttpResponse<String> started = post(d, "/api/v1/runbooks/" + id + "/drills", API, "{\"by\": \"carol\"}");
    assertThat(started.statusCode()).isEqualTo(202);
    String incident = json(started).path("incident").asText();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonNode drill = runbook(d, id).path("drill");
      return drill.path("incident").asText().equals(incident) && !drill.path("result").asText().equals("RUNNING");
    });
    return runbook(d, id);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDrillOfAnAlertRunbookReplaysItsExampleWithTheAlertsLabelsAndPasses(StoreKind kind) throws Exception {
    try (TestDaemon d = daemon(kind)) {
      assertThat(runbook(d, "RB-910").path("drill").path("status").asText()).isEqualTo("DUE");

      JsonNode listed = drilled(d, "RB-910");

      JsonNode drill = listed.path("drill");
      assertThat(drill.path("result").asText()).isEqualTo("PASS");
      assertThat(drill.path("status").asText()).isEqualTo("PASS");
      assertThat(drill.path("reason").asText()).isEqualTo("every probe answered (1); fixes planned: pool");
      Instant tested = Instant.parse(drill.path("lastTested").asText());
      assertThat(Instant.parse(drill.path("nextTest").asText())).isEqualTo(tested.plus(Duration.ofDays(90)));
      assertThat(listed.path("lastRun").isNull()).isTrue();
      JsonNode incident = json(d.get("/api/v1/incidents/" + drill.path("incident").asText()));
      assertThat(incident.path("trigger").asText()).isEqualTo("drill");
      assertThat(incident.path("alerts").get(0).path("labels").path("namespace").asText()).isEqualTo("nba-mcp");
      assertThat(incident.path("fingerprint").asText()).matches("[0-9a-f]{16}").isNotEqualTo("3f2a9c41d87b05e6");
      assertThat(incident.path("firingCount").asInt()).isZero();
      assertThat(incident.toString()).contains("replays the example alert HighErrorRate of examples/errors.json")
          .contains("action pool planned").contains("drill PASS: every probe answered");
      prometheus.verify(getRequestedFor(urlPathEqualTo("/api/v1/query"))
          .withQueryParam("query", matching(".*namespace=\"nba-mcp\".*")));
    }
  }

  @Test
  void aDrillOfAManualRunbookRunsWithItsDrillParameters() throws Exception {
    try (TestDaemon d = daemon(StoreKind.SQLITE)) {
      JsonNode drill = drilled(d, "RB-900").path("drill");

      assertThat(drill.path("status").asText()).isEqualTo("PASS");
      assertThat(drill.path("reason").asText()).isEqualTo("every probe answered (1); fixes planned: scale");
      JsonNode incident = json(d.get("/api/v1/incidents/" + drill.path("incident").asText()));
      assertThat(incident.path("triggerData").path("params").path("replicas").asInt()).isEqualTo(3);
      assertThat(incident.path("triggerData").path("by").asText()).isEqualTo("carol");
      assertThat(incident.toString()).contains("dry-run").doesNotContain("action_started");
    }
  }

  @Test
  void aDrillWhoseProbeDoesNotAnswerFailsNamingIt() throws Exception {
    try (TestDaemon d = daemon(StoreKind.SQLITE)) {
      JsonNode drill = drilled(d, "RB-920").path("drill");

      assertThat(drill.path("status").asText()).isEqualTo("FAIL");
      assertThat(drill.path("result").asText()).isEqualTo("FAIL");
      assertThat(drill.path("reason").asText()).startsWith("1 probes failed: health (");
    }
  }

  /**
   * The shipped runbooks, watched since 100 days ago and never drilled: the daemon counts them
   * overdue and pages each once, at P3, however many checks run.
   */
  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anOverdueDrillRaisesTheGaugeAndPagesOnceAtP3(StoreKind kind) throws Exception {
    RunbookdConfig.Store config = kind.config(dir);
    MutableClock past = new MutableClock(Instant.now().minus(Duration.ofDays(100)));
    try (Store store = Store.open(config, past, Metrics.inMemory())) {
      store.write(tx -> {
        List.of("RB-101", "RB-102", "RB-103").forEach(id -> DrillStore.watch(tx, id));
        return null;
      });
    }
    try (TestDaemon d = TestDaemon.start(config, Map.of())) {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(d.get("/metrics").body()).contains("runbookd_drills_overdue 3.0"));
      Thread.sleep(6_000); // at least one more check
      JsonNode notices = json(d.get("/api/v1/incidents?rule=RB-101"));

      assertThat(notices).hasSize(1);
      assertThat(notices.get(0).path("trigger").asText()).isEqualTo("drill");
      assertThat(notices.get(0).path("priority").asText()).isEqualTo("P3");
      assertThat(notices.get(0).path("status").asText()).isEqualTo("escalated");
      assertThat(d.get("/api/v1/incidents/" + notices.get(0).path("id").asText()).body())
          .contains("drill overdue: RB-101 was never drilled").contains("\"kind\":\"paging\"");
      assertThat(json(d.get("/api/v1/incidents"))).hasSize(3);
      assertThat(runbook(d, "RB-101").path("drill").path("status").asText()).isEqualTo("DUE");
    }
  }

  @Test
  void drillsAreAdminCalls() throws Exception {
    try (TestDaemon d = daemon(StoreKind.SQLITE)) {
      assertThat(post(d, "/api/v1/runbooks/RB-910/drills", null, "{}").statusCode()).isEqualTo(401);
      assertThat(post(d, "/api/v1/runbooks/RB-999/drills", API, "{}").statusCode()).isEqualTo(404);
      HttpResponse<String> params = post(d, "/api/v1/runbooks/RB-900/drills", API, "{\"params\": {}}");
      assertThat(params.statusCode()).isEqualTo(400);
      assertThat(json(params).path("field").asText()).isEqualTo("params");
      assertThat(d.get("/api/v1/incidents").body()).isEqualTo("[]");
    }
  }
}

package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pagers;
import io.runbookd.escalation.pagers.PagerDutyPager;
import io.runbookd.escalation.pagers.SlackPager;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.store.Intake;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One incident per problem, and pages that are never lost, folded wrongly or sent out of order. */
class IncidentPerProblemTest {
  private static final String SLACK = "/services/T000/B000/XXXX";
  private static final String PAGERDUTY = "/v2/enqueue";

  @TempDir Path dir;
  private WireMockServer wire;

  @BeforeEach
  void start() {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    wire.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    pagerDutyAccepts();
  }

  private void pagerDutyAccepts() {
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).willReturn(aResponse().withStatus(202)
        .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
  }

  @AfterEach
  void stop() {
    wire.stop();
  }

  private EngineHarness harness(StoreKind kind, String rule, Map<String, String> policy, Duration slackTimeout)
      throws Exception {
    EngineHarness h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, List.of(rule), UnaryOperator.identity());
    HttpClient http = HttpClient.newHttpClient();
    h.pagers = new Pagers(List.of(new LogPager(),
        new SlackPager(Secret.of(wire.baseUrl() + SLACK), http, slackTimeout),
        new PagerDutyPager(URI.create(wire.baseUrl() + PAGERDUTY), Secret.of("routing-key-0123456789abcdef0123"),
            http, Duration.ofSeconds(2))));
    h.policy = EngineHarness.defaultPolicy(policy);
    h.restart();
    return h;
  }

  private List<LoggedRequest> pagerDuty() {
    return wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)));
  }

  private List<LoggedRequest> slack() {
    return wire.findAll(postRequestedFor(urlEqualTo(SLACK)));
  }

  @Test
  void aStormOfTwoThousandAlertsOfOneGroupIsOneIncidentAndOneDiagnosis() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, EngineLifecycleTest.RULE, Map.of(), Duration.ofSeconds(2))) {
      h.cluster.clearRequests();
      List<String> incidents = new ArrayList<>();
      for (int delivery = 0; delivery < 20; delivery++) {
        List<AlertDraft> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          batch.add(EngineHarness.draftOf(h.rule, firing(String.format("%016x", delivery * 100 + i),
              Map.of("pod", "nba-mcp-" + (delivery * 100 + i)))));
        }
        new Intake(h.store, EngineHarness.JSON).submit(batch).get(30, TimeUnit.SECONDS)
            .forEach(r -> incidents.add(r.incidentId()));
        h.runDue();
      }

      assertThat(incidents).hasSize(2_000).containsOnly(incidents.get(0));
      String id = incidents.get(0);
      assertThat(h.incidents().get(id).orElseThrow().alertCount()).isEqualTo(2_000);
      assertThat(h.kinds(id).stream().filter(k -> k.equals("probe_result") || k.equals("probe_failed")))
          .as("one diagnosis: two probes").hasSize(2);
      long reads = h.cluster.requests().stream().filter(r -> r.startsWith("GET")).count();
      assertThat(reads).as("Kubernetes reads for 2,000 alerts: " + h.cluster.requests()).isLessThanOrEqualTo(12);
      assertThat(h.kinds(id).stream().filter(k -> k.equals("alerts"))).as("one summary per delivery").hasSize(20);
    }
  }

  @Test
  void anAlertThatFiresAgainAfterItsIncidentEndedIsPagedAgain() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, GuardrailsTest.RESTART, Map.of(), Duration.ofSeconds(2))) {
      String first = h.openUnmatched("DiskFull", "critical", "00000000000000c1");
      h.runDue();
      resolveUnmatched(h, "DiskFull", "00000000000000c1", h.clock.instant().minusSeconds(60));
      h.runDue();
      assertThat(h.status(first)).isEqualTo(IncidentStatus.RESOLVED);
      h.clock.advance(Duration.ofMinutes(3));

      String second = h.openUnmatched("DiskFull", "critical", "00000000000000c1");
      h.runDue();

      assertThat(second).isNotEqualTo(first);
      List<String> events = pagerDuty().stream().map(r -> event(r.getBodyAsString())).toList();
      assertThat(events).containsExactly("trigger", "resolve", "trigger");
      assertThat(key(pagerDuty().get(2).getBodyAsString())).isNotEqualTo(key(pagerDuty().get(0).getBodyAsString()));
      assertThat(h.messages(second)).contains("trigger page to pagerduty (P1) delivered").doesNotContain("folded");
    }
  }

  @Test
  void aCriticalAlertAfterAWarningOneReachesTheP1Pagers() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, GuardrailsTest.RESTART, Map.of(), Duration.ofSeconds(2))) {
      String id = h.openUnmatched("QueueBacklog", "warning", "00000000000000d1");
      h.runDue();
      assertThat(pagerDuty()).as("a P2 goes to Slack and the log only").isEmpty();
      assertThat(slack()).hasSize(1);

      h.clock.advance(Duration.ofSeconds(30));
      String joined = h.openUnmatched("QueueBacklog", "critical", "00000000000000d2");
      h.runDue();

      assertThat(joined).isEqualTo(id);
      assertThat(h.incidents().get(id).orElseThrow().priority()).isEqualTo(Priority.P1);
      assertThat(pagerDuty()).extracting(r -> event(r.getBodyAsString())).containsExactly("trigger");
      assertThat(pagerDuty().get(0).getBodyAsString()).contains("\"severity\":\"error\"");
      assertThat(h.messages(id)).contains("more urgent than its P2 page");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anIncidentResolvedBeforeItsResponseTargetNeverPagesTheNextLevel(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, GuardrailsTest.RESTART, Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "slack"),
        Duration.ofSeconds(2))) {
      String id = h.openUnmatched("NodeDown", "critical", "00000000000000e1");
      h.runDue();
      assertThat(slack()).hasSize(1);
      h.clock.advance(Duration.ofMinutes(10));
      resolveUnmatched(h, "NodeDown", "00000000000000e1", h.clock.instant().minusSeconds(660));
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.RESOLVED);

      for (int i = 0; i < 12; i++) {
        h.clock.advance(Duration.ofMinutes(15));
        h.runDue();
      }

      assertThat(slack()).hasSize(2);
      assertThat(slack().get(1).getBodyAsString()).contains("Resolved").doesNotContain("team-lead");
      assertThat(h.messages(id)).doesNotContain("paging level 2");
    }
  }

  @Test
  void aResolveQueuedWhileItsTriggerBacksOffGoesOutAfterIt() throws Exception {
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")).willSetStateTo("503"));
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).inScenario("outage").whenScenarioStateIs("503")
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).inScenario("outage").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(202).withBody("{\"status\":\"success\",\"dedup_key\":\"k\"}")));
    try (EngineHarness h = harness(StoreKind.SQLITE, GuardrailsTest.RESTART, Map.of(), Duration.ofSeconds(2))) {
      h.openUnmatched("DiskFull", "critical", "00000000000000f1");
      h.runDue();
      resolveUnmatched(h, "DiskFull", "00000000000000f1", h.clock.instant().minusSeconds(60));
      h.runDue();

      for (int second = 0; second < 600 && pagerDuty().size() < 4; second += 5) {
        h.clock.advance(Duration.ofSeconds(5));
        h.delivery.deliverDue();
      }

      List<String> events = pagerDuty().stream().map(r -> event(r.getBodyAsString())).toList();
      assertThat(events).containsExactly("trigger", "trigger", "trigger", "resolve");
    }
  }

  @Test
  void aSlackThatHangsForItsWholeTimeoutDoesNotDelayAPagerDutyPage() throws Exception {
    wire.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok").withFixedDelay(8_000)));
    try (EngineHarness h = harness(StoreKind.SQLITE, GuardrailsTest.RESTART, Map.of(), Duration.ofSeconds(6))) {
      h.delivery.start();
      h.openUnmatched("A", "critical", "00000000000000a1");
      h.engine.runDue();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> slack().size() == 1);
      long queued = System.nanoTime();
      h.openUnmatched("B", "critical", "00000000000000b1");
      h.engine.runDue();

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> pagerDuty().size() == 2);
      long delayMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued);

      System.out.println("PagerDuty page delivered " + delayMillis + " ms after it was queued, Slack hanging");
      assertThat(delayMillis).as("PagerDuty's lane does not wait for Slack's (hangs 6 s per page)").isLessThan(5_000);
    }
  }

  @Test
  void aResolvedNotificationDuringVerificationDoesNotCutItShort() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, EngineLifecycleTest.RULE, Map.of(), Duration.ofSeconds(2))) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);

      h.resolve("00000000000000aa", Map.of());
      h.runDue();
      assertThat(h.status(id)).as("still verifying: the rule's condition decides").isEqualTo(IncidentStatus.VERIFYING);
      for (int minute = 0; minute < 16; minute++) {
        h.clock.advance(Duration.ofMinutes(1));
        h.runDue();
      }

      assertThat(h.messages(id)).as("the verification failed, was rolled back and escalated; with every alert"
          + " resolved and nothing left to verify, the incident then ended")
          .containsSubsequence("alert resolved", "verify_pending", "undo_done", "status: escalated: verify_failed",
              "status: resolved: all 1 alerts resolved");
    }
  }

  private static Alert firing(String fingerprint, Map<String, String> extra) {
    Map<String, String> labels = new java.util.HashMap<>(Map.of("alertname", "HighErrorRate",
        "namespace", "nba-mcp", "deployment", "nba-mcp", "severity", "critical"));
    labels.putAll(extra);
    return new Alert(Alert.Status.FIRING, labels, Map.of("value", "0.12"), Instant.parse("2025-10-12T11:58:00Z"),
        Optional.empty(), "", fingerprint);
  }

  private static void resolveUnmatched(EngineHarness h, String alertname, String fingerprint, Instant startsAt)
      throws Exception {
    Alert alert = new Alert(Alert.Status.RESOLVED, Map.of("alertname", alertname, "severity", "critical"), Map.of(),
        startsAt, Optional.of(h.clock.instant()), "", fingerprint);
    h.write(new AlertDraft(alert, GroupKey.unmatched("{}:{alertname=\"" + alertname + "\"}", alertname,
        Map.of("alertname", alertname)), Optional.empty(), Optional.empty(), "no rule matched", Priority.P1));
  }

  private static String event(String body) {
    return body.replaceAll("(?s).*\"event_action\":\"([a-z]+)\".*", "$1");
  }

  private static String key(String body) {
    return body.replaceAll("(?s).*\"dedup_key\":\"([^\"]+)\".*", "$1");
  }
}

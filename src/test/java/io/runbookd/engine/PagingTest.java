package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import io.runbookd.incident.Priority;
import io.runbookd.store.OutboxStore;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Paging through the durable outbox, against WireMock stubs of Slack and PagerDuty. */
class PagingTest {
  private static final String SLACK = "/services/T000/B000/XXXX";
  private static final String PAGERDUTY = "/v2/enqueue";

  @TempDir Path dir;
  private WireMockServer wire;

  @BeforeEach
  void start() {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    slackAnswers(200, "ok", null);
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).willReturn(aResponse().withStatus(202)
        .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
  }

  @AfterEach
  void stop() {
    wire.stop();
  }

  private void slackAnswers(int status, String body, String retryAfter) {
    var answer = aResponse().withStatus(status).withBody(body);
    if (retryAfter != null) {
      answer = answer.withHeader("Retry-After", retryAfter);
    }
    wire.stubFor(post(urlEqualTo(SLACK)).willReturn(answer));
  }

  private EngineHarness harness(Map<String, String> policy) throws Exception {
    return harness(StoreKind.SQLITE, policy);
  }

  private EngineHarness harness(StoreKind kind, Map<String, String> policy) throws Exception {
    EngineHarness h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE,
        List.of(GuardrailsTest.RESTART), UnaryOperator.identity());
    HttpClient http = HttpClient.newHttpClient();
    h.pagers = new Pagers(List.of(new LogPager(),
        new SlackPager(Secret.of(wire.baseUrl() + SLACK), http, Duration.ofSeconds(2)),
        new PagerDutyPager(URI.create(wire.baseUrl() + PAGERDUTY), Secret.of("routing-key-0123"), http,
            Duration.ofSeconds(2))));
    h.policy = EngineHarness.defaultPolicy(policy);
    h.restart();
    return h;
  }

  private List<LoggedRequest> slack() {
    return wire.findAll(postRequestedFor(urlEqualTo(SLACK)));
  }

  @Test
  void pagerDownForFiveMinutesGetsEveryPageOnceAfterwards() throws Exception {
    try (EngineHarness h = harness(Map.of())) {
      slackAnswers(500, "internal_error", null);
      for (int i = 0; i < 3; i++) {
        h.openUnmatched("Alert" + i, "warning", "00000000000000a" + i);
      }
      h.runDue();

      for (int second = 0; second < 300; second += 10) {
        if (second == 180) {
          slackAnswers(429, "rate_limited", "30");
        }
        h.clock.advance(Duration.ofSeconds(10));
        h.delivery.deliverDue();
      }
      int duringOutage = slack().size();
      slackAnswers(200, "ok", null);
      for (int second = 0; second < 600; second += 10) {
        h.clock.advance(Duration.ofSeconds(10));
        h.delivery.deliverDue();
      }

      assertThat(duringOutage).isGreaterThan(3);
      assertThat(slack().size() - duringOutage).as("one successful delivery per page").isEqualTo(3);
      OutboxStore outbox = new OutboxStore(h.store);
      assertThat(outbox.count("pending")).isZero();
      assertThat(outbox.count("delivered")).isEqualTo(6);
    }
  }

  @Test
  void pendingPagesAreDeliveredAfterARestartOnce() throws Exception {
    try (EngineHarness h = harness(Map.of())) {
      String id = h.openUnmatched("DiskFull", "critical", "00000000000000b1");
      h.engine.runDue();
      assertThat(new OutboxStore(h.store).count("pending")).isEqualTo(3);

      h.restart();
      h.delivery.deliverDue();
      h.clock.advance(Duration.ofMinutes(5));
      h.delivery.deliverDue();

      assertThat(slack()).hasSize(1);
      assertThat(wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)))).hasSize(1);
      assertThat(h.messages(id)).contains("trigger page to slack (P1) delivered");
    }
  }

  @Test
  void aStormOfFiveHundredAlertsIsOneIncidentWithOnePageAndOneUpdate() throws Exception {
    try (EngineHarness h = harness(Map.of())) {
      for (int i = 0; i < 500; i++) {
        h.openUnmatched("NodeNotReady", "warning", String.format("%016x", 0x1000 + i));
        if (i == 249) {
          h.runDue();
          h.clock.advance(Duration.ofSeconds(61));
        }
      }

      h.runDue();

      assertThat(slack()).as("one page and one update, not 500").hasSize(2);
      assertThat(slack().get(0).getBodyAsString()).contains("(250 alerts, 250 firing)");
      assertThat(slack().get(1).getBodyAsString()).contains("(500 alerts, 500 firing)");
      assertThat(new OutboxStore(h.store).count("pending")).isZero();
    }
  }

  @Test
  void unacknowledgedP1PagesTheNextLevelAfterItsResponseTarget() throws Exception {
    try (EngineHarness h = harness(Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "slack"))) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(slack()).hasSize(1);

      h.clock.advance(Duration.ofMinutes(29));
      h.runDue();
      assertThat(slack()).hasSize(1);
      h.clock.advance(Duration.ofMinutes(2));
      h.runDue();

      assertThat(slack()).hasSize(2);
      assertThat(slack().get(1).getBodyAsString()).contains("escalated to team-lead");
      assertThat(h.messages(id)).contains("paging level 2 (team-lead)");
    }
  }

  @Test
  void aRulesOwnPagerListIsAllItPages() throws Exception {
    EngineHarness h = new EngineHarness(StoreKind.SQLITE.config(dir), dir, Mode.ENFORCE,
        List.of(GuardrailsTest.RESTART.replace("remediate:", "escalate:\n  pagers: [log]\nremediate:")),
        UnaryOperator.identity());
    HttpClient http = HttpClient.newHttpClient();
    h.pagers = new Pagers(List.of(new LogPager(),
        new SlackPager(Secret.of(wire.baseUrl() + SLACK), http, Duration.ofSeconds(2)),
        new PagerDutyPager(URI.create(wire.baseUrl() + PAGERDUTY), Secret.of("routing-key-0123"), http,
            Duration.ofSeconds(2))));
    h.restart();
    try (h) {
      String id = h.open(Map.of());

      h.runDue();

      assertThat(h.messages(id)).as("P1 would page every pager; the rule says the log only")
          .contains("paging log at P1");
      assertThat(slack()).isEmpty();
      wire.verify(0, postRequestedFor(urlEqualTo(PAGERDUTY)));
    }
  }

  @Test
  void acknowledgedIncidentStopsEscalating() throws Exception {
    try (EngineHarness h = harness(Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "slack,pagerduty"))) {
      String id = h.open(Map.of());
      h.runDue();

      h.acknowledge(id, "alice");
      h.clock.advance(Duration.ofMinutes(31));
      h.runDue();

      assertThat(slack()).hasSize(2);
      assertThat(slack().get(1).getBodyAsString()).contains("Acknowledged").doesNotContain("team-lead");
      wire.verify(1, postRequestedFor(urlEqualTo(PAGERDUTY))
          .withRequestBody(matchingJsonPath("$.event_action", equalTo("acknowledge"))));
    }
  }

  @Test
  void triggerThenResolveCarryTheSameDedupKey() throws Exception {
    try (EngineHarness h = harness(Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "pagerduty"))) {
      h.open(Map.of());
      h.runDue();

      h.resolve("00000000000000aa", Map.of());
      h.runDue();

      List<LoggedRequest> sent = wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)));
      assertThat(sent).hasSize(2);
      assertThat(sent.get(0).getBodyAsString()).contains("\"event_action\":\"trigger\"");
      assertThat(sent.get(1).getBodyAsString()).contains("\"event_action\":\"resolve\"");
      String key = dedup(sent.get(0).getBodyAsString());
      assertThat(dedup(sent.get(1).getBodyAsString())).isEqualTo(key).startsWith("runbookd-");
    }
  }

  private List<LoggedRequest> pagerDuty() {
    return wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)));
  }

  /** An incident no rule covers, in an Alertmanager group of its own (one per node). */
  private static String openOnNode(EngineHarness h, String node, String severity, String fingerprint) throws Exception {
    Alert alert = new Alert(Alert.Status.FIRING, Map.of("alertname", "NodeNotReady", "node", node,
        "severity", severity), Map.of(), h.clock.instant().minusSeconds(60), Optional.empty(), "", fingerprint);
    return h.write(new AlertDraft(alert, GroupKey.unmatched("{}:{node=\"" + node + "\"}", "NodeNotReady",
        Map.of("node", node)), Optional.empty(), Optional.empty(), "no rule matched", Priority.of(Optional.empty(), alert)));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void incidentsOfOneStormShareOnePageUpdatedAtMostOncePerInterval(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "pagerduty"))) {
      List<String> ids = new java.util.ArrayList<>();
      List<Long> sentAt = new java.util.ArrayList<>();
      long started = h.clock.instant().getEpochSecond();

      for (int step = 0; step < 30; step++) {
        if (step < 3) {
          ids.add(openOnNode(h, "node-" + step, "critical", String.format("%016x", 0xc0 + step)));
        }
        h.runDue();
        while (sentAt.size() < pagerDuty().size()) {
          sentAt.add(h.clock.instant().getEpochSecond() - started);
        }
        h.clock.advance(Duration.ofSeconds(10));
      }

      assertThat(ids).doesNotHaveDuplicates();
      List<LoggedRequest> sent = pagerDuty();
      assertThat(sent).as("one trigger, then revisions: never one page per incident").hasSizeBetween(2, 3);
      String key = dedup(sent.get(0).getBodyAsString());
      for (LoggedRequest r : sent) {
        assertThat(dedup(r.getBodyAsString())).as("every revision updates the same page").isEqualTo(key);
      }
      for (int i = 1; i < sentAt.size(); i++) {
        assertThat(sentAt.get(i) - sentAt.get(i - 1)).as("revisions %s", sentAt).isGreaterThanOrEqualTo(60);
      }
      assertThat(sent.get(sent.size() - 1).getBodyAsString()).contains("3 incidents of NodeNotReady (P1)");
      assertThat(h.messages(ids.get(2))).contains("summarised in the open page of its storm");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theNextLevelIsPagedOncePerPageNotOncePerIncident(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "slack"))) {
      for (int i = 0; i < 4; i++) {
        openOnNode(h, "node-" + i, "critical", String.format("%016x", 0xd0 + i));
        h.runDue();
        h.clock.advance(Duration.ofSeconds(5));
      }
      for (int minute = 0; minute < 40; minute++) {
        h.clock.advance(Duration.ofMinutes(1));
        h.runDue();
      }

      List<String> levels = slack().stream().map(LoggedRequest::getBodyAsString)
          .filter(b -> b.contains("escalated to team-lead")).toList();
      assertThat(levels).as("four incidents on one page: one level-2 page").hasSize(1);
      assertThat(slack().stream().map(LoggedRequest::getBodyAsString).filter(b -> b.contains("escalated to")))
          .hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aMoreUrgentIncidentIsNotFoldedIntoALessUrgentPage(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, Map.of("RUNBOOKD_ESCALATION_P1_PAGERS", "slack,pagerduty",
        "RUNBOOKD_ESCALATION_P2_PAGERS", "slack"))) {
      String warning = openOnNode(h, "node-a", "warning", "00000000000000e1");
      h.runDue();
      h.clock.advance(Duration.ofSeconds(20));

      String critical = openOnNode(h, "node-b", "critical", "00000000000000e2");
      h.runDue();

      assertThat(slack()).as("two pages: the P2 one and the P1 one").hasSize(2);
      assertThat(slack().get(1).getBodyAsString()).contains("P1");
      List<LoggedRequest> paged = pagerDuty();
      assertThat(paged).as("the P1 incident reached the P1 pagers").hasSize(1);
      assertThat(paged.get(0).getBodyAsString()).contains("\"event_action\":\"trigger\"")
          .contains("\"severity\":\"error\"");
      assertThat(h.messages(critical)).doesNotContain("summarised").contains("paging slack, pagerduty at P1");
      assertThat(h.messages(warning)).contains("paging slack at P2");
    }
  }

  private static String dedup(String body) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("dedup_key").asText();
  }
}

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
import io.runbookd.config.Mode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pagers;
import io.runbookd.escalation.pagers.PagerDutyPager;
import io.runbookd.escalation.pagers.SlackPager;
import io.runbookd.store.OutboxStore;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    EngineHarness h = new EngineHarness(StoreKind.SQLITE.config(dir), dir, Mode.ENFORCE,
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

  private static String dedup(String body) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("dedup_key").asText();
  }
}

package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.config.Mode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.ApprovalFollowUps;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pagers;
import io.runbookd.escalation.pagers.PagerDutyPager;
import io.runbookd.escalation.pagers.SlackPager;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine asks for an approval on Slack when a step starts waiting, in the commit that records
 * the wait: once, however many passes and restarts find it waiting, and never in dry-run.
 */
class ApprovalRequestTest {
  private static final String SLACK = "/services/T000/B000/XXXX";
  private static final String PAGERDUTY = "/v2/enqueue";
  private static final String RULE = """
      id: RB-A
      title: restart once a human approves
      match:
        alertname: HighErrorRate
      remediate:
        - id: restart
          action: k8s.rollout_restart
          approval: required
          params: {namespace: nba-mcp, deployment: nba-mcp}
      escalate:
        pagers: [log]
      """;

  @TempDir Path dir;
  private WireMockServer wire;

  @BeforeEach
  void stubs() {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    wire.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).willReturn(aResponse().withStatus(202)
        .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
  }

  @AfterEach
  void stop() {
    wire.stop();
  }

  private EngineHarness harness(StoreKind kind, Mode mode) throws Exception {
    EngineHarness h = new EngineHarness(kind.config(dir), dir, mode, RULE, UnaryOperator.identity());
    HttpClient http = HttpClient.newHttpClient();
    h.pagers = new Pagers(List.of(new LogPager(),
        new SlackPager(Secret.of(wire.baseUrl() + SLACK), true, http, Duration.ofSeconds(2)),
        new PagerDutyPager(URI.create(wire.baseUrl() + PAGERDUTY), Secret.of("routing-key-0123"), http,
            Duration.ofSeconds(2))));
    h.restart();
    return h;
  }

  private List<JsonNode> slack() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var request : wire.findAll(postRequestedFor(urlEqualTo(SLACK)))) {
      out.add(EngineHarness.JSON.readTree(request.getBodyAsString()));
    }
    return out;
  }

  private int pagerDuty() {
    return wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY))).size();
  }

  /** Makes the incident due now, as anything that wakes it does. */
  private static void wake(EngineHarness h, String id) {
    h.store.write(tx -> {
      h.incidents().reschedule(tx, id, tx.now());
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aWaitingStepIsPostedOnceThenTheApprovedActionRunsOnce(StoreKind kind) throws Exception {
    try (EngineHarness h = harness(kind, Mode.ENFORCE)) {
      String id = h.open(Map.of());
      h.runDue();
      wake(h, id);
      h.clock.advance(Duration.ofMinutes(1));
      h.runDue();
      h.restart();
      wake(h, id);
      h.runDue();

      assertThat(h.status(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
      List<JsonNode> posts = slack();
      assertThat(posts).hasSize(1);
      String text = posts.get(0).findValue("blocks").get(0).path("text").path("text").asText();
      assertThat(text).contains("Step `restart` will run: rollout restart deployment nba-mcp/nba-mcp")
          .contains("Decide before 2025-10-12T12:30:00Z").contains("RB-A restart once a human approves");
      assertThat(posts.get(0).findValues("action_id")).extracting(JsonNode::asText)
          .containsExactly("runbookd_approve", "runbookd_deny");
      assertThat(pagerDuty()).as("PagerDuty hears of it only if it escalates").isZero();

      h.decide(id, "approved", "console:alice");
      h.runDue();
      new ApprovalFollowUps(h.store, EngineHarness.JSON, h.clock).followUpDue();
      h.delivery.deliverDue();

      assertThat(h.cluster.mutatingRequests()).hasSize(1);
      assertThat(slack()).hasSize(2);
      assertThat(slack().get(1).path("text").asText()).startsWith("Approved by console:alice: [P1] RB-A");
    }
  }

  @Test
  void dryRunAsksNobody() throws Exception {
    try (EngineHarness h = harness(StoreKind.SQLITE, Mode.DRY_RUN)) {
      String id = h.open(Map.of());
      h.runDue();
      h.delivery.deliverDue();

      assertThat(h.messages(id)).contains("action_planned").doesNotContain("approval_requested")
          .doesNotContain("asking for approval");
      assertThat(slack()).isEmpty();
    }
  }
}

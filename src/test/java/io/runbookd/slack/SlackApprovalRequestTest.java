package io.runbookd.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.config.Secret;
import io.runbookd.escalation.pagers.SlackApproval;
import io.runbookd.testing.ApprovalDaemon;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon in enforce mode against fabric8's mock cluster, with a Slack incoming webhook,
 * Slack's response URLs and PagerDuty stubbed by WireMock: a step that starts waiting is posted to
 * Slack once with its buttons, a signed click on the posted Approve button runs it once, and a
 * decision through the API is followed up in the channel. PagerDuty is told nothing of it.
 */
class SlackApprovalRequestTest {
  private static final String SECRET = "slack-signing-secret-0123456789ab";
  private static final String APPROVER = "U0APPROVE1";
  private static final String WEBHOOK = "/services/T0/B0/XXXXXXXX";
  private static final String PAGERDUTY = "/v2/enqueue";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private WireMockServer wire;
  private ApprovalDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    wire.stubFor(post(urlEqualTo(WEBHOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    wire.stubFor(post(urlPathMatching("/actions/.*")).willReturn(aResponse().withStatus(200).withBody("ok")));
    wire.stubFor(post(urlEqualTo(PAGERDUTY)).willReturn(aResponse().withStatus(202)
        .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")));
    daemon = new ApprovalDaemon(dir, Map.of("slack.signingSecret", SECRET, "slack.approvers", APPROVER,
        "slack.responseUrlPrefix", wire.baseUrl() + "/actions/", "pagers.slack.webhookUrl", wire.baseUrl() + WEBHOOK,
        "pagers.pagerduty.url", wire.baseUrl() + PAGERDUTY, "pagers.pagerduty.routingKey", "R0UT1NGKEY0123456789abcdefABCDEF",
        "server.externalUrl", "https://runbookd.example.com"));
  }

  @AfterEach
  void stop() {
    daemon.close();
    wire.stop();
  }

  @Test
  void aWaitingStepIsPostedOnceAndTheClickedApproveRunsItOnce() throws Exception {
    String id = daemon.waitingIncident("<!channel> checkout");
    await().atMost(Duration.ofSeconds(30)).until(() -> posted().size() == 1);
    daemon.alert("<!channel> checkout", Map.of("priority", "P0"), Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> daemon.incident(id).path("priority").asText().equals("P0"));
    Thread.sleep(3000);

    List<JsonNode> posts = posted();
    assertThat(posts).as("a second pass over the waiting step posts nothing").hasSize(1);
    JsonNode message = posts.get(0);
    assertThat(message.findValues("action_id")).extracting(JsonNode::asText)
        .containsExactly(SlackApproval.APPROVE, SlackApproval.DENY);
    assertThat(message.findValues("value")).extracting(JsonNode::asText).containsOnly(id);
    assertThat(message.path("blocks").get(0).path("text").path("text").asText())
        .contains("Step `restart` will run: rollout restart deployment nba-mcp/nba-mcp")
        .contains("Why it waits: ").contains("Decide before ")
        .contains("(deployment=&lt;!channel&gt; checkout)");
    assertThat(message.toString()).doesNotContain("<!channel>")
        .contains("<https://runbookd.example.com/console/incidents/" + id + "|open in runbookd>");

    HttpResponse<String> answer = click(message, SlackApproval.APPROVE);

    assertThat(answer.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> daemon.restarts() == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> daemon.timeline(id)
        .contains("nothing posted: the clicked Slack message already shows who decided"));
    assertThat(wire.findAll(postRequestedFor(urlPathMatching("/actions/.*")))).hasSize(1);
    assertThat(posted()).as("the clicked message says who decided; no follow-up").hasSize(1);
    assertThat(wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)))).isEmpty();
    assertThat(daemon.restarts()).isEqualTo(1);
  }

  @Test
  void aDenialThroughTheApiIsFollowedUpInTheChannel() throws Exception {
    String id = daemon.waitingIncident("api-deny");
    await().atMost(Duration.ofSeconds(30)).until(() -> posted().size() == 1);

    HttpResponse<String> denied = daemon.send(HttpRequest.newBuilder(daemon.uri("/api/v1/incidents/" + id + "/deny"))
        .header("Authorization", "Bearer " + ApprovalDaemon.ADMIN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"by\": \"alice\"}")).build());

    assertThat(denied.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> posted().size() == 2);
    JsonNode followUp = posted().get(1);
    assertThat(followUp.path("text").asText()).startsWith("Denied by alice: [P1] RB-CONSOLE");
    assertThat(followUp.toString()).doesNotContain(SlackApproval.APPROVE);
    assertThat(daemon.restarts()).isZero();
    assertThat(wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)))).isEmpty();
  }

  private List<JsonNode> posted() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var request : wire.findAll(postRequestedFor(urlEqualTo(WEBHOOK)))) {
      out.add(JSON.readTree(request.getBodyAsString()));
    }
    return out;
  }

  /** Slack's block_actions request for a click on one of the posted message's buttons, signed. */
  private HttpResponse<String> click(JsonNode message, String actionId) throws Exception {
    JsonNode button = message.findParents("action_id").stream()
        .filter(b -> b.path("action_id").asText().equals(actionId)).findFirst().orElseThrow();
    ObjectNode payload = JSON.createObjectNode().put("type", "block_actions").put("api_app_id", "A0RUNBOOKD")
        .put("trigger_id", "1.2.3").put("response_url", wire.baseUrl() + "/actions/T0/123/abc");
    payload.putObject("user").put("id", APPROVER).put("username", "approver").put("team_id", "T0");
    payload.putObject("container").put("type", "message").put("message_ts", "1700000000.000100");
    payload.putObject("message").put("type", "message").set("blocks", message.path("blocks"));
    payload.putArray("actions").addObject().put("type", "button").put("action_id", actionId)
        .put("block_id", SlackApproval.BLOCK).put("value", button.path("value").asText()).put("action_ts", "1.2");
    String body = "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
    String at = Long.toString(Instant.now().getEpochSecond());
    String signature = new SlackSignature(Secret.of(SECRET)).sign(at, body.getBytes(StandardCharsets.UTF_8));
    return daemon.send(HttpRequest.newBuilder(daemon.uri("/slack/interactions"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", at)
        .header("X-Slack-Signature", signature.startsWith("v0=") ? signature : "v0=" + signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }
}

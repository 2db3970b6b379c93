package io.runbookd.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.config.Secret;
import io.runbookd.testing.ApprovalDaemon;
import io.runbookd.escalation.pagers.SlackApproval;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /slack/interactions} against the real daemon: a correctly signed click by an
 * approver decides through the same atomic decision as the API and updates the message; a wrong
 * signature, an old timestamp, a replay and a stranger decide nothing.
 */
class SlackInteractionsTest {
  private static final String SECRET = "slack-signing-secret-0123456789ab";
  private static final String APPROVER = "U0APPROVE1";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private WireMockServer slack;
  private ApprovalDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    slack = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    slack.start();
    slack.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    daemon = new ApprovalDaemon(dir, Map.of("slack.signingSecret", SECRET, "slack.approvers", APPROVER + ",W0OTHER",
        "slack.responseUrlPrefix", slack.baseUrl() + "/actions/"));
  }

  @AfterEach
  void stop() {
    daemon.close();
    slack.stop();
  }

  @Test
  void anApproversClickApprovesOnceAndTheMessageSaysWho() throws Exception {
    String id = daemon.waitingIncident("slack-approve");
    long before = daemon.restarts();

    HttpResponse<String> answer = post(click(APPROVER, SlackApproval.APPROVE, id), now(), true);

    assertThat(answer.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(60)).until(() -> daemon.restarts() == before + 1);
    assertThat(daemon.timeline(id)).contains("restart approved by slack:" + APPROVER);
    await().atMost(Duration.ofSeconds(10)).until(() -> !slack.findAll(anyRequestedFor(anyUrl())).isEmpty());
    JsonNode update = JSON.readTree(slack.findAll(anyRequestedFor(anyUrl())).get(0).getBodyAsString());
    assertThat(update.path("replace_original").asBoolean()).isTrue();
    assertThat(update.toString()).contains("*Approved* by <@" + APPROVER + ">").contains("Approval needed")
        .doesNotContain("\"type\":\"actions\"");
    Thread.sleep(1500);
    assertThat(daemon.restarts()).isEqualTo(before + 1);
  }

  @Test
  void wrongSignaturesOldTimestampsAndStrangersDecideNothing() throws Exception {
    String id = daemon.waitingIncident("slack-refuse");
    String deny = click(APPROVER, SlackApproval.DENY, id);

    HttpResponse<String> forged = send(deny, now(), "v0=" + "0".repeat(64));
    HttpResponse<String> otherSecret = send(deny, now(), new SlackSignature(Secret.of(SECRET + "x"))
        .sign(now(), deny.getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> old = post(deny, Long.toString(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond()),
        true);
    HttpResponse<String> unsigned = post(deny, now(), false);
    HttpResponse<String> stranger = post(click("U0STRANGER", SlackApproval.DENY, id), now(), true);

    assertThat(List.of(forged, otherSecret, old, unsigned)).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(401));
    assertThat(old.body()).contains("stale");
    assertThat(stranger.statusCode()).isEqualTo(403);
    Thread.sleep(1000);
    assertThat(daemon.status(id)).isEqualTo("awaiting_approval");
    assertThat(daemon.timeline(id)).doesNotContain("approval_denied").doesNotContain("approval_approved");
    await().atMost(Duration.ofSeconds(10)).until(() -> slack.findAll(anyRequestedFor(anyUrl())).size() == 1);
    assertThat(slack.findAll(anyRequestedFor(anyUrl())).get(0).getBodyAsString()).contains("\"ephemeral\"")
        .contains("not an approver");
  }

  @Test
  void aReplayedClickIsRefused() throws Exception {
    String id = daemon.waitingIncident("slack-replay");
    String deny = click(APPROVER, SlackApproval.DENY, id);
    String at = now();

    HttpResponse<String> first = post(deny, at, true);
    HttpResponse<String> again = post(deny, at, true);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.body()).contains("replayed");
    daemon.awaitStatus(id, "escalated");
    assertThat(daemon.timeline(id).split("approval_denied", -1)).as("one decision").hasSize(2);
  }

  @Test
  void withoutASigningSecretThereIsNoEndpoint() throws Exception {
    Path other = java.nio.file.Files.createDirectories(dir.resolve("plain"));
    try (TestDaemon plain = TestDaemon.start(StoreKind.SQLITE.config(other), Map.of())) {
      HttpResponse<String> answer = plain.send(HttpRequest.newBuilder(plain.uri("/slack/interactions"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("payload=%7B%7D")).build());

      assertThat(answer.statusCode()).isEqualTo(404);
    }
  }

  /** A block_actions payload as Slack sends it for a click on one of runbookd's buttons. */
  private String click(String user, String actionId, String incident) throws Exception {
    ObjectNode message = SlackApproval.message(incident, "[P1] RB-CONSOLE restart", "restart",
        "rollout restart deployment nba-mcp/nba-mcp", Instant.now().plusSeconds(1800));
    JsonNode button = findButton(message, actionId);
    ObjectNode payload = JSON.createObjectNode().put("type", "block_actions").put("api_app_id", "A0RUNBOOKD")
        .put("trigger_id", "1.2.3").put("response_url", slack.baseUrl() + "/actions/T0/123/abc");
    payload.putObject("user").put("id", user).put("username", "someone").put("team_id", "T0");
    payload.putObject("container").put("type", "message").put("message_ts", "1700000000.000100");
    payload.putObject("message").put("type", "message").set("blocks", message.path("blocks"));
    payload.putArray("actions").addObject().put("type", "button").put("action_id", button.path("action_id").asText())
        .put("block_id", SlackApproval.BLOCK).put("value", button.path("value").asText()).put("action_ts", "1.2");
    return "payload=" + URLEncoder.encode(JSON.writeValueAsString(payload), StandardCharsets.UTF_8);
  }

  private static JsonNode findButton(ObjectNode message, String actionId) {
    for (JsonNode block : message.path("blocks")) {
      for (JsonNode element : block.path("elements")) {
        if (actionId.equals(element.path("action_id").asText())) {
          return element;
        }
      }
    }
    throw new AssertionError("no button " + actionId);
  }

  private static String now() {
    return Long.toString(Instant.now().getEpochSecond());
  }

  private HttpResponse<String> post(String body, String timestamp, boolean signed) {
    String signature = signed ? new SlackSignature(Secret.of(SECRET)).sign(timestamp,
        body.getBytes(StandardCharsets.UTF_8)) : null;
    return send(body, timestamp, signature == null ? null : "v0=" + signature);
  }

  private HttpResponse<String> send(String body, String timestamp, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(daemon.uri("/slack/interactions"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", timestamp)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Slack-Signature", signature.startsWith("v0=") ? signature : "v0=" + signature);
    }
    return daemon.send(request.build());
  }
}

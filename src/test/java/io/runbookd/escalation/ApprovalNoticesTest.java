package io.runbookd.escalation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.alert.Alert;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.Secret;
import io.runbookd.escalation.pagers.PagerDutyPager;
import io.runbookd.escalation.pagers.SlackPager;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.Priority;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Intake;
import io.runbookd.store.OutboxStore;
import io.runbookd.store.PageStore;
import io.runbookd.store.Store;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Approval requests through the real outbox, on both stores, against WireMock stubs of a Slack
 * incoming webhook and PagerDuty's Events API: asked once per incident and step on the pagers
 * with buttons only, and followed up once when the wait is over.
 */
class ApprovalNoticesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SLACK = "/services/T000/B000/XXXX";
  private static final String PAGERDUTY = "/v2/enqueue";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T03:00:00Z"));
  private WireMockServer wire;
  private Store store;

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
    if (store != null) {
      store.close();
    }
    wire.stop();
  }

  /** The parts: the store, paging with Slack (buttons as given), PagerDuty and the log, delivery. */
  private record Parts(Paging paging, PageDelivery delivery, ApprovalFollowUps followUps) {}

  private Parts parts(StoreKind kind, boolean buttons) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    HttpClient http = HttpClient.newHttpClient();
    Pagers pagers = new Pagers(List.of(new LogPager(),
        new SlackPager(Secret.of(wire.baseUrl() + SLACK), buttons, http, Duration.ofSeconds(2)),
        new PagerDutyPager(URI.create(wire.baseUrl() + PAGERDUTY), Secret.of("routing-key-0123"), http,
            Duration.ofSeconds(2))));
    Paging paging = new Paging(new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true"))
        .bind(new HashMap<>()).escalation(), pagers, new PageStore(store), new IncidentStore(store, JSON), JSON,
        Optional.of(URI.create("https://runbookd.example.com/")));
    return new Parts(paging, new PageDelivery(new OutboxStore(store), pagers, Map.of(), Metrics.inMemory(), JSON,
        clock), new ApprovalFollowUps(store, JSON, clock));
  }

  private String incident() throws Exception {
    return incident("HighErrorRate", "00000000000000c1");
  }

  /** A firing incident of its own (one per alert name), as the intake stores it. */
  private String incident(String alertname, String fingerprint) throws Exception {
    Alert alert = new Alert(Alert.Status.FIRING, Map.of("alertname", alertname, "severity", "critical"),
        Map.of(), clock.instant().minusSeconds(60), Optional.empty(), "", fingerprint);
    AlertDraft draft = new AlertDraft(alert, GroupKey.unmatched("{}:{alertname=\"" + alertname + "\"}", alertname,
        Map.of("alertname", alertname)), Optional.empty(), Optional.empty(), "test", Priority.P1);
    return new Intake(store, JSON).submit(List.of(draft)).get(30, TimeUnit.SECONDS).get(0).incidentId();
  }

  private ApprovalNotice notice(String id, List<String> rulePagers) {
    return new ApprovalNotice(id, "RB-101", "RB-101 high error rate: HighErrorRate (team=<!channel>)", Priority.P1,
        "restart", "rollout restart of deployment nba-mcp/nba-mcp", "approval: required by the rule",
        clock.instant().plus(Duration.ofMinutes(30)), rulePagers);
  }

  /** What the engine does when a step starts waiting: the approval and the notice, one commit. */
  private void ask(Paging paging, ApprovalNotice notice) {
    store.write(tx -> {
      GuardStore.requestApproval(tx, notice.incidentId(), notice.stepId(), notice.deadline());
      paging.approvalNeeded(tx, notice);
      return null;
    });
  }

  private List<JsonNode> slackPosts() throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (var request : wire.findAll(postRequestedFor(urlEqualTo(SLACK)))) {
      out.add(JSON.readTree(request.getBodyAsString()));
    }
    return out;
  }

  private String messages(String id) {
    return String.join("\n", new IncidentStore(store, JSON).timeline(id).stream()
        .map(e -> e.kind() + ": " + e.message()).toList());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void asksOnSlackOnceHoweverOftenTheStepIsFoundWaiting(StoreKind kind) throws Exception {
    Parts p = parts(kind, true);
    String id = incident();

    ask(p.paging(), notice(id, List.of("pagerduty")));
    ask(p.paging(), notice(id, List.of("pagerduty")));
    p.delivery().deliverDue();
    ask(p.paging(), notice(id, List.of("pagerduty")));
    p.delivery().deliverDue();

    List<JsonNode> posts = slackPosts();
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).findValues("action_id")).extracting(JsonNode::asText)
        .containsExactly("runbookd_approve", "runbookd_deny");
    assertThat(posts.get(0).findValues("value")).extracting(JsonNode::asText).containsOnly(id);
    assertThat(posts.get(0).toString()).contains("&lt;!channel&gt;").doesNotContain("<!channel>")
        .contains("https://runbookd.example.com/console/incidents/" + id);
    assertThat(wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)))).isEmpty();
    assertThat(new OutboxStore(store).count("delivered")).isEqualTo(1);
    assertThat(messages(id)).containsOnlyOnce("asking for approval of step restart on slack")
        .contains("trigger page to slack (P1) delivered");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSlackWithoutButtonsIsNotAsked(StoreKind kind) throws Exception {
    Parts p = parts(kind, false);
    String id = incident();

    ask(p.paging(), notice(id, List.of()));
    p.delivery().deliverDue();

    assertThat(slackPosts()).isEmpty();
    assertThat(wire.findAll(postRequestedFor(urlEqualTo(PAGERDUTY)))).isEmpty();
    assertThat(new IncidentStore(store, JSON).timeline(id)).extracting(TimelineEntry::kind).doesNotContain("paging");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDecisionElsewhereIsFollowedUpOnceBehindTheRequest(StoreKind kind) throws Exception {
    Parts p = parts(kind, true);
    String id = incident();
    ask(p.paging(), notice(id, List.of()));

    store.write(tx -> GuardStore.decide(tx, id, "denied", "console:<!here> alice"));
    int first = p.followUps().followUpDue();
    int second = p.followUps().followUpDue();
    p.delivery().deliverDue();
    p.delivery().deliverDue();

    assertThat(first).isEqualTo(1);
    assertThat(second).isZero();
    List<JsonNode> posts = slackPosts();
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).path("text").asText()).startsWith("Approval needed");
    assertThat(posts.get(1).path("text").asText()).startsWith("Denied by console:&lt;!here&gt; alice: [P1] RB-101");
    assertThat(posts.get(1).toString()).doesNotContain("runbookd_approve").doesNotContain("<!here>");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aClosedWindowIsFollowedUpAndASlackClickIsNot(StoreKind kind) throws Exception {
    Parts p = parts(kind, true);
    String clicked = incident("HighErrorRate", "00000000000000c2");
    String expires = incident("SlowDatabaseQueries", "00000000000000c3");
    ask(p.paging(), notice(clicked, List.of()));
    ask(p.paging(), notice(expires, List.of()));

    store.write(tx -> GuardStore.decide(tx, clicked, "approved", "slack:U0APPROVE1"));
    clock.advance(Duration.ofMinutes(31));
    int closed = p.followUps().followUpDue();
    p.delivery().deliverDue();
    p.delivery().deliverDue();

    assertThat(closed).as("the decided and the expired request").isEqualTo(2);
    List<String> texts = slackPosts().stream().map(n -> n.path("text").asText()).toList();
    assertThat(texts).hasSize(3).noneMatch(t -> t.startsWith("Approved"));
    assertThat(texts.get(2)).startsWith("Approval window closed at 2026-03-01T03:30:00Z without a decision");
    assertThat(messages(clicked)).contains("nothing posted: the clicked Slack message already shows who decided");
  }
}

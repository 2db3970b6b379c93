package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.incident.Priority;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PagerDuty Events API v2 wire format, checked against its documented fields. */
class PagerDutyPagerTest {
  @RegisterExtension
  static WireMockExtension pagerDuty =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUTING_KEY = "R0UT1NGKEY0000000000000000000000";
  private static final Set<String> EVENT_FIELDS =
      Set.of(
          "routing_key",
          "event_action",
          "dedup_key",
          "payload",
          "images",
          "links",
          "client",
          "client_url");
  private static final Set<String> PAYLOAD_FIELDS =
      Set.of(
          "summary",
          "source",
          "severity",
          "timestamp",
          "component",
          "group",
          "class",
          "custom_details");

  private PagerDutyPager pager;

  @BeforeEach
  void accept() {
    pager =
        new PagerDutyPager(
            enqueueUrl(), Secret.of(ROUTING_KEY), Pages.http(), Duration.ofSeconds(2));
    pagerDuty.stubFor(
        post("/v2/enqueue")
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                            + Pages.DEDUP_KEY
                            + "\"}")));
  }

  @Test
  void triggerCarriesTheDocumentedEventsV2Fields() throws Exception {
    pager.send(Pages.trigger());

    JsonNode event = onlyEvent();
    assertThat(fieldNames(event)).isSubsetOf(EVENT_FIELDS);
    assertThat(event.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(event.path("event_action").asText()).isEqualTo("trigger");
    assertThat(event.path("dedup_key").asText()).isEqualTo(Pages.DEDUP_KEY);
    JsonNode payload = event.path("payload");
    assertThat(fieldNames(payload)).isSubsetOf(PAYLOAD_FIELDS);
    assertThat(payload.path("summary").asText())
        .isEqualTo(
            "RB-101 Pod crash loop: KubePodCrashLooping: verification failed: nba-mcp"
                + " still restarting after rollout restart");
    assertThat(payload.path("source").asText()).isEqualTo("runbookd");
    assertThat(payload.path("severity").asText()).isEqualTo("error");
    JsonNode details = payload.path("custom_details");
    assertThat(details.path("incident").asText()).isEqualTo(Pages.INCIDENT);
    assertThat(details.path("reason").asText()).startsWith("verification failed");
    assertThat(details.path("findings").get(0).asText()).startsWith("k8s.pod_status");
    assertThat(details.path("actions").get(0).asText()).isEqualTo("k8s.rollout_restart executed");
    assertThat(details.path("related").get(0).asText()).isEqualTo("inc-01HZX3KA");
    assertThat(event.path("links").get(0).path("href").asText()).isEqualTo(Pages.LINK.toString());
    assertThat(event.path("links").get(0).path("text").asText()).contains(Pages.INCIDENT);
  }

  @Test
  void triggerAcknowledgeResolveShareOneDedupKey() throws Exception {
    pager.send(Pages.of(Page.Event.TRIGGER, Priority.P1));
    pager.send(Pages.of(Page.Event.ACKNOWLEDGE, Priority.P1));
    pager.send(Pages.of(Page.Event.RESOLVE, Priority.P1));

    List<JsonNode> events = events();
    assertThat(events)
        .extracting(e -> e.path("event_action").asText())
        .containsExactly("trigger", "acknowledge", "resolve");
    assertThat(events).extracting(e -> e.path("dedup_key").asText()).containsOnly(Pages.DEDUP_KEY);
    assertThat(events.get(2).has("payload")).isFalse();
    assertThat(fieldNames(events.get(2)))
        .containsExactlyInAnyOrder("routing_key", "event_action", "dedup_key");
  }

  @Test
  void severityFollowsPriority() throws Exception {
    for (Priority priority : Priority.values()) {
      pager.send(Pages.of(Page.Event.TRIGGER, priority));
    }

    assertThat(events())
        .extracting(e -> e.path("payload").path("severity").asText())
        .containsExactly("critical", "error", "warning", "info");
  }

  @Test
  void acceptedEventIsDeliveredWithTheEchoedKeyAndNotTheRoutingKey() {
    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(delivery.detail())
        .contains("localhost", "202", Pages.DEDUP_KEY)
        .doesNotContain(ROUTING_KEY);
  }

  @Test
  void invalidEventIsRejectedWithPagerDutysMessage() {
    pagerDuty.stubFor(
        post("/v2/enqueue")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                            + "\"errors\":[\"'payload.summary' is missing or blank\"]}")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.REJECTED);
    assertThat(delivery.detail())
        .contains("400", "Event object is invalid", "'payload.summary' is missing or blank");
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    pagerDuty.stubFor(
        post("/v2/enqueue")
            .willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "20").withBody("{}")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.RETRY);
    assertThat(delivery.retryAfter()).contains(Duration.ofSeconds(20));
  }

  @Test
  void summaryIsClippedToPagerDutysLimit() throws Exception {
    pager.send(Pages.withText("x".repeat(5000), List.of(), List.of()));

    String summary = onlyEvent().path("payload").path("summary").asText();
    assertThat(summary).hasSize(PagerDutyPager.MAX_SUMMARY).endsWith("…");
  }

  @Test
  void overlongDedupKeyIsRejectedWithoutARequest() {
    Delivery delivery = pager.send(Pages.withKey("k".repeat(256), Page.Event.TRIGGER));

    assertThat(delivery.status()).isEqualTo(Delivery.Status.REJECTED);
    assertThat(delivery.detail()).contains("256 characters, at most 255");
    assertThat(pagerDuty.getAllServeEvents()).isEmpty();
  }

  @Test
  void refusesPlainHttpBeyondThisMachine() {
    URI remote = URI.create("http://events.pagerduty.com/v2/enqueue");

    assertThatThrownBy(
            () ->
                new PagerDutyPager(
                    remote, Secret.of(ROUTING_KEY), Pages.http(), Duration.ofSeconds(1)))
        .hasMessageContaining("https");
  }

  @Test
  void describesItselfAndEscalatesItself() {
    assertThat(pager.name()).isEqualTo("pagerduty");
    assertThat(pager.escalatesItself()).isTrue();
    assertThat(pager.info().permissions()).singleElement().asString().contains("routing key");
    assertThat(pager.info().example()).contains("pagers: [pagerduty]");
  }

  private static URI enqueueUrl() {
    return URI.create(pagerDuty.baseUrl() + "/v2/enqueue");
  }

  private static JsonNode onlyEvent() throws Exception {
    return events().stream()
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one event");
            })
        .orElseThrow();
  }

  private static List<JsonNode> events() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (LoggedRequest request : pagerDuty.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")))) {
      assertThat(request.getHeader("Content-Type")).startsWith("application/json");
      out.add(JSON.readTree(request.getBodyAsString()));
    }
    return out;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Opsgenie Alert API wire format: create by alias, acknowledge and close by alias. */
class OpsgeniePagerTest {
  @RegisterExtension
  static WireMockExtension opsgenie =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "eb243592-faa2-4ba2-a551q-1afdf565c889";
  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "message",
          "alias",
          "description",
          "responders",
          "visibleTo",
          "actions",
          "tags",
          "details",
          "entity",
          "source",
          "priority",
          "user",
          "note");
  private static final String ACCEPTED =
      "{\"result\":\"Request will be processed\",\"took\":0.302,"
          + "\"requestId\":\"43a29c5c-3dbf-4fa4-9c26-f4f71023e120\"}";

  private OpsgeniePager pager;

  @BeforeEach
  void accept() {
    URI base = URI.create(opsgenie.baseUrl() + "/");
    pager = new OpsgeniePager(base, Secret.of(API_KEY), Pages.http(), Duration.ofSeconds(2));
    opsgenie.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));
  }

  @Test
  void createCarriesAliasGenieKeyAndTheDocumentedFields() throws Exception {
    Delivery delivery = pager.send(Pages.trigger());

    LoggedRequest request = requests().get(0);
    assertThat(request.getUrl()).isEqualTo("/v2/alerts");
    assertThat(request.getHeader("Authorization")).isEqualTo("GenieKey " + API_KEY);
    JsonNode alert = JSON.readTree(request.getBodyAsString());
    List<String> fields = new ArrayList<>();
    alert.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).isSubsetOf(CREATE_FIELDS);
    assertThat(alert.path("alias").asText()).isEqualTo(Pages.DEDUP_KEY);
    assertThat(alert.path("message").asText())
        .isEqualTo("RB-101 Pod crash loop: KubePodCrashLooping");
    assertThat(alert.path("priority").asText()).isEqualTo("P2");
    assertThat(alert.path("source").asText()).isEqualTo("runbookd");
    assertThat(alert.path("description").asText())
        .contains(
            "verification failed",
            "- k8s.pod_status",
            "- k8s.rollout_restart",
            Pages.LINK.toString());
    assertThat(alert.path("details").path("incident").asText()).isEqualTo(Pages.INCIDENT);
    assertThat(alert.path("details").path("findings").isTextual()).isTrue();
    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(delivery.detail())
        .contains("202", "43a29c5c-3dbf-4fa4-9c26-f4f71023e120")
        .doesNotContain(API_KEY);
  }

  @Test
  void acknowledgeAndCloseAddressTheSameAlias() throws Exception {
    pager.send(Pages.of(Page.Event.TRIGGER, Priority.P1));
    pager.send(Pages.of(Page.Event.ACKNOWLEDGE, Priority.P1));
    pager.send(Pages.of(Page.Event.RESOLVE, Priority.P1));

    List<LoggedRequest> requests = requests();
    assertThat(requests)
        .extracting(LoggedRequest::getUrl)
        .containsExactly(
            "/v2/alerts",
            "/v2/alerts/" + Pages.DEDUP_KEY + "/acknowledge?identifierType=alias",
            "/v2/alerts/" + Pages.DEDUP_KEY + "/close?identifierType=alias");
    assertThat(requests)
        .extracting(r -> r.getHeader("Authorization"))
        .containsOnly("GenieKey " + API_KEY);
    JsonNode close = JSON.readTree(requests.get(2).getBodyAsString());
    assertThat(close.path("source").asText()).isEqualTo("runbookd");
    assertThat(close.path("note").asText()).startsWith("resolved by runbookd");
  }

  @Test
  void aliasIsEncodedInThePath() {
    pager.send(Pages.withKey("a b/c?d", Page.Event.RESOLVE));

    assertThat(requests().get(0).getUrl())
        .isEqualTo("/v2/alerts/a%20b%2Fc%3Fd/close?identifierType=alias");
  }

  @Test
  void priorityMapsOntoOpsgeniesTopFour() throws Exception {
    for (Priority priority : Priority.values()) {
      pager.send(Pages.of(Page.Event.TRIGGER, priority));
    }

    List<String> priorities = new ArrayList<>();
    for (LoggedRequest request : requests()) {
      priorities.add(JSON.readTree(request.getBodyAsString()).path("priority").asText());
    }
    assertThat(priorities).containsExactly("P1", "P2", "P3", "P4");
  }

  @Test
  void messageIsClippedTo130AndDetailsTo8000InAll() throws Exception {
    List<String> findings = List.of("f".repeat(6000), "g".repeat(6000), "short finding");
    pager.send(Pages.withText("t".repeat(500), findings, List.of("a".repeat(9000))));

    JsonNode alert = JSON.readTree(requests().get(0).getBodyAsString());
    assertThat(alert.path("message").asText()).hasSize(130).endsWith("…");
    int total = 0;
    for (Map.Entry<String, JsonNode> entry : alert.path("details").properties()) {
      total += entry.getKey().length() + entry.getValue().asText().length();
    }
    assertThat(total).isLessThanOrEqualTo(8000);
    assertThat(alert.path("details").path("incident").asText()).isEqualTo(Pages.INCIDENT);
    assertThat(alert.path("description").asText().length()).isLessThanOrEqualTo(15_000);
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    opsgenie.stubFor(
        post(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.RETRY);
    assertThat(delivery.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void refusedKeyIsRejectedWithOpsgeniesMessage() {
    opsgenie.stubFor(
        post(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(422)
                    .withBody(
                        "{\"message\":\"Key format is not"
                            + " valid!\",\"took\":0.001,\"requestId\":\"x\"}")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.REJECTED);
    assertThat(delivery.detail()).contains("422", "Key format is not valid!");
  }

  @Test
  void describesItselfAndEscalatesItself() {
    assertThat(pager.name()).isEqualTo("opsgenie");
    assertThat(pager.escalatesItself()).isTrue();
    assertThat(pager.info().permissions()).singleElement().asString().contains("GenieKey");
  }

  private static List<LoggedRequest> requests() {
    return opsgenie.findAll(anyRequestedFor(anyUrl()));
  }
}

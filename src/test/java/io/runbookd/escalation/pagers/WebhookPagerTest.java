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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generic webhook: the documented version-1 JSON and the configured secret headers. */
class WebhookPagerTest {
  @RegisterExtension
  static WireMockExtension receiver =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

  private WebhookPager pager;

  @BeforeEach
  void accept() {
    Map<String, Secret> headers = Map.of("Authorization", Secret.of("Bearer s3cr3t-t0ken"));
    HttpPost post = new HttpPost(Pages.http(), Duration.ofSeconds(2), CLOCK);
    pager = new WebhookPager(URI.create(receiver.baseUrl() + "/hooks/runbookd"), headers, post);
    receiver.stubFor(post("/hooks/runbookd").willReturn(aResponse().withStatus(204)));
  }

  @Test
  void bodyIsTheDocumentedVersionOneJson() throws Exception {
    Delivery delivery = pager.send(Pages.trigger());

    JsonNode body = JSON.readTree(request().getBodyAsString());
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "version",
            "event",
            "incident",
            "dedupKey",
            "priority",
            "title",
            "reason",
            "findings",
            "actions",
            "link",
            "target",
            "related",
            "sentAt");
    assertThat(body.path("version").asText()).isEqualTo("1");
    assertThat(body.path("event").asText()).isEqualTo("trigger");
    assertThat(body.path("dedupKey").asText()).isEqualTo(Pages.DEDUP_KEY);
    assertThat(body.path("priority").asText()).isEqualTo("P1");
    assertThat(body.path("findings")).hasSize(2);
    assertThat(body.path("link").asText()).isEqualTo(Pages.LINK.toString());
    assertThat(body.path("sentAt").asText()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(delivery.detail()).isEqualTo("webhook (localhost) accepted the page (204)");
  }

  @Test
  void sendsTheConfiguredSecretHeader() {
    pager.send(Pages.trigger());

    assertThat(request().getHeader("Authorization")).isEqualTo("Bearer s3cr3t-t0ken");
    assertThat(request().getHeader("Content-Type")).startsWith("application/json");
  }

  @Test
  void notFoundIsRejected() {
    receiver.stubFor(
        post("/hooks/runbookd").willReturn(aResponse().withStatus(404).withBody("no such hook")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.REJECTED);
    assertThat(delivery.detail()).isEqualTo("webhook (localhost) answered 404: no such hook");
  }

  @Test
  void refusesHeadersItCannotOrMustNotSend() {
    URI url = URI.create(receiver.baseUrl());

    assertThatThrownBy(
            () ->
                new WebhookPager(
                    url,
                    Map.of("Content-Type", Secret.of("x")),
                    Pages.http(),
                    Duration.ofSeconds(1)))
        .hasMessageContaining("Content-Type");
    assertThatThrownBy(
            () ->
                new WebhookPager(
                    url, Map.of("Host", Secret.of("x")), Pages.http(), Duration.ofSeconds(1)))
        .hasMessageContaining("Host");
  }

  private static LoggedRequest request() {
    return receiver.findAll(postRequestedFor(urlEqualTo("/hooks/runbookd"))).get(0);
  }
}

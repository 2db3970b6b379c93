package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.incident.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slack incoming webhooks: Block Kit shape, inert label text, Slack's answers. */
class SlackPagerTest {
  @RegisterExtension
  static WireMockExtension slack =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
          .build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX";

  private SlackPager pager;

  @BeforeEach
  void accept() {
    Secret url = Secret.of(slack.baseUrl() + HOOK);
    pager = new SlackPager(url, Pages.http(), Duration.ofSeconds(2));
    slack.stubFor(post(HOOK).willReturn(aResponse().withStatus(200).withBody("ok")));
  }

  @Test
  void triggerIsOneBlockKitMessageWithTheDiagnosis() throws Exception {
    Delivery delivery = pager.send(Pages.trigger());

    JsonNode message = JSON.readTree(body());
    assertThat(message.path("text").asText()).startsWith("[P1] RB-101 Pod crash loop");
    JsonNode blocks = message.path("blocks");
    assertThat(blocks)
        .extracting(b -> b.path("type").asText())
        .containsExactly("header", "section", "section", "section", "context");
    assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
    assertThat(blocks.get(1).path("text").path("text").asText()).contains("verification failed");
    assertThat(blocks.get(2).path("text").path("text").asText())
        .startsWith("*Findings*")
        .contains("• k8s.pod_status: 2/5 ready");
    assertThat(blocks.get(3).path("text").path("text").asText())
        .contains("• k8s.rollout_restart executed");
    String context = blocks.get(4).path("elements").get(0).path("text").asText();
    assertThat(context).contains(Pages.INCIDENT, "<" + Pages.LINK + "|open in runbookd>");
    for (JsonNode text : blocks.findValues("text")) {
      if (text.path("type").asText().equals("mrkdwn")) {
        assertThat(text.path("verbatim").asBoolean()).isTrue();
      }
    }
    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
  }

  @Test
  void labelTextCannotMentionAnyoneOrHideALink() {
    String title = "disk full <!channel> & <!here>";
    List<String> findings = List.of("owner <@U024BE7LH> in <#C1>", "see <http://evil|click>");

    pager.send(Pages.withText(title, findings, List.of("ran <!subteam^S1>")));

    String raw = body();
    assertThat(raw)
        .contains(
            "&lt;!channel&gt;",
            "&amp;",
            "&lt;!here&gt;",
            "&lt;@U024BE7LH&gt;",
            "&lt;#C1&gt;",
            "&lt;http://evil|click&gt;",
            "&lt;!subteam^S1&gt;");
    assertThat(raw).doesNotContain("<!", "<@", "<#", "<http://evil");
  }

  @Test
  void longListsStayWithinSlacksSectionLimit() throws Exception {
    List<String> findings = Collections.nCopies(100, "probe said <&> " + "x".repeat(400));

    pager.send(Pages.withText("t".repeat(400), findings, findings));

    JsonNode blocks = JSON.readTree(body()).path("blocks");
    assertThat(blocks.get(0).path("text").path("text").asText().length()).isLessThanOrEqualTo(150);
    for (int i = 1; i <= 3; i++) {
      assertThat(blocks.get(i).path("text").path("text").asText().length())
          .isLessThanOrEqualTo(3000);
    }
    assertThat(blocks.get(2).path("text").path("text").asText())
        .containsPattern("… and \\d+ more$");
  }

  @Test
  void acknowledgeAndResolvePostShortFollowUps() throws Exception {
    pager.send(Pages.of(Page.Event.ACKNOWLEDGE, Priority.P1));
    pager.send(Pages.of(Page.Event.RESOLVE, Priority.P1));

    List<String> texts = new ArrayList<>();
    for (var request : slack.findAll(postRequestedFor(urlEqualTo(HOOK)))) {
      texts.add(JSON.readTree(request.getBodyAsString()).path("text").asText());
    }
    assertThat(texts)
        .containsExactly(
            "Acknowledged: [P1] RB-101 Pod crash loop: KubePodCrashLooping",
            "Resolved: [P1] RB-101 Pod crash loop: KubePodCrashLooping");
  }

  @Test
  void archivedChannelIsRejected() {
    slack.stubFor(
        post(HOOK).willReturn(aResponse().withStatus(410).withBody("channel_is_archived")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.REJECTED);
    assertThat(delivery.detail()).isEqualTo("Slack answered 410: channel_is_archived");
  }

  @Test
  void invalidTokenIsRejected() {
    slack.stubFor(post(HOOK).willReturn(aResponse().withStatus(403).withBody("invalid_token")));

    assertThat(pager.send(Pages.trigger()).status()).isEqualTo(Delivery.Status.REJECTED);
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    slack.stubFor(
        post(HOOK)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "30")
                    .withBody("rate_limited")));

    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.RETRY);
    assertThat(delivery.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void answerOtherThanOkIsNotTakenForDelivery() {
    slack.stubFor(
        post(HOOK).willReturn(aResponse().withStatus(200).withBody("<html>proxy</html>")));

    assertThat(pager.send(Pages.trigger()).status()).isEqualTo(Delivery.Status.REJECTED);
  }

  @Test
  void neverNamesTheWebhookUrl() {
    Delivery delivery = pager.send(Pages.trigger());

    assertThat(delivery.detail()).isEqualTo("Slack accepted the message");
    assertThat(pager.toString()).doesNotContain("services");
    assertThat(pager.escalatesItself()).isFalse();
  }

  private static String body() {
    return slack.findAll(postRequestedFor(urlEqualTo(HOOK))).get(0).getBodyAsString();
  }
}

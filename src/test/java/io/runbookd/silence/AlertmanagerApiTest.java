package io.runbookd.silence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.config.Secret;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.http.HttpTarget;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API v2 wire format on a route prefix, the token, and the answers a real Alertmanager test
 * cannot provoke: refusals, an unknown id answered 500 (0.25), a silence still active after a
 * failed delete.
 */
class AlertmanagerApiTest {
  private static final String TOKEN = "am-token-CANARY-0123456789";

  private final WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private AlertmanagerApi api;
  private HttpTarget am;

  @BeforeEach
  void start() {
    server.start();
    api = new AlertmanagerApi(Optional.of(Secret.of(TOKEN)), new BlockingHttp(Duration.ofSeconds(2), Clock.systemUTC()),
        new BlockingPost(Duration.ofSeconds(2), Clock.systemUTC()));
    am = AlertmanagerApi.target(URI.create(server.baseUrl() + "/alertmanager/"));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void createsWithEqualityMatchersTheAuthorAndTheTokenUnderTheRoutePrefix() throws Exception {
    server.stubFor(post("/alertmanager/api/v2/silences").willReturn(aResponse().withStatus(200)
        .withBody("{\"silenceID\":\"7c1d3a52-5a3e-4e5b-9d1f-2f4c9a0b6e11\"}")));
    Instant start = Instant.parse("2026-01-01T00:00:00Z");

    String id = api.create(am, new NewSilence(Matchers.of(Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp")),
        start, start.plusSeconds(900), "comment"));

    assertThat(id).isEqualTo("7c1d3a52-5a3e-4e5b-9d1f-2f4c9a0b6e11");
    server.verify(postRequestedFor(urlEqualTo("/alertmanager/api/v2/silences"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"matchers\":["
            + "{\"name\":\"alertname\",\"value\":\"HighErrorRate\",\"isRegex\":false,\"isEqual\":true},"
            + "{\"name\":\"namespace\",\"value\":\"nba-mcp\",\"isRegex\":false,\"isEqual\":true}],"
            + "\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T00:15:00Z\","
            + "\"createdBy\":\"runbookd\",\"comment\":\"comment\"}")));
  }

  @Test
  void aRefusalIsFinalAndAServerErrorIsUnknownAndNeitherShowsTheToken() {
    NewSilence silence = new NewSilence(Matchers.of(Map.of("alertname", "X")), Instant.EPOCH, Instant.EPOCH, "c");
    server.stubFor(post("/alertmanager/api/v2/silences").willReturn(aResponse().withStatus(400)
        .withBody("{\"code\":400,\"message\":\"invalid label name\"}")));

    assertThatThrownBy(() -> api.create(am, silence)).isInstanceOf(AlertmanagerRefused.class)
        .hasMessageContaining("400").hasMessageContaining("invalid label name").hasMessageNotContaining(TOKEN);

    server.stubFor(post("/alertmanager/api/v2/silences").willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> api.create(am, silence)).isInstanceOf(IOException.class)
        .hasMessageContaining("503").hasMessageNotContaining(TOKEN);
  }

  @Test
  void expiringAnIdAlertmanagerDoesNotKnowIsDone() throws Exception {
    server.stubFor(delete("/alertmanager/api/v2/silence/abc-1").willReturn(aResponse().withStatus(500)
        .withBody("\"silence not found\"")));
    server.stubFor(get("/alertmanager/api/v2/silence/abc-1").willReturn(aResponse().withStatus(404)));

    api.expire(am, "abc-1");
  }

  @Test
  void aSilenceStillActiveAfterAFailedDeleteIsAnError() {
    server.stubFor(delete("/alertmanager/api/v2/silence/abc-2").willReturn(aResponse().withStatus(500)));
    server.stubFor(get("/alertmanager/api/v2/silence/abc-2").willReturn(aResponse().withStatus(200)
        .withBody("{\"id\":\"abc-2\",\"status\":{\"state\":\"active\"}}")));

    assertThatThrownBy(() -> api.expire(am, "abc-2")).isInstanceOf(IOException.class).hasMessageContaining("500");
  }

  @Test
  void refusesToPutAnIdThatIsNotOneIntoAPath() {
    assertThatThrownBy(() -> api.expire(am, "../silences")).isInstanceOf(IOException.class)
        .hasMessageContaining("not a silence id");
    assertThat(server.getAllServeEvents()).isEmpty();
  }
}

package io.runbookd.actions.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingPost;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http.post against an endpoint served over real HTTP on 127.0.0.1 (RB-103's retraining). */
class HttpPostTest {
  private static WireMockServer server;
  private final HttpPost action =
      new HttpPost(
          new AllowedHosts(List.of("127.0.0.1")),
          new BlockingPost(Duration.ofSeconds(2), Clock.systemUTC()));

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private static String url() {
    return "http://127.0.0.1:" + server.port() + "/v1/retrain?token=s3cret";
  }

  private void answers(int status) {
    server.stubFor(
        post(urlPathEqualTo("/v1/retrain"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"job\":\"r-1\"}")));
  }

  private HttpPostParams params(Object... more) throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("url", url()));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return action.bind(ParamBinder.bind(action.info().params(), raw));
  }

  @Test
  void recordsTheUrlWithoutItsQueryAndTheBodyAsItsDigest() throws Exception {
    answers(202);
    Map<String, Object> raw = new java.util.LinkedHashMap<>();
    raw.put("url", url());
    raw.put("body", Map.of("model", "nba_win_predictor"));
    HttpPostParams p = action.bind(ParamBinder.bind(action.info().params(), raw));
    Outcome outcome = action.execute(p);
    io.runbookd.redact.Redactor redactor = io.runbookd.redact.Redactor.of(action.info());

    String recorded =
        redactor.params(raw)
            + " "
            + redactor.data(outcome.data())
            + " "
            + redactor.text(action.describe(p) + "; " + outcome.detail(), raw, outcome.data());

    assertThat(recorded)
        .doesNotContain("s3cret")
        .doesNotContain("nba_win_predictor")
        .contains("/v1/retrain?…")
        .contains("bytes=29");
    String sent = server.findAll(postRequestedFor(urlPathEqualTo("/v1/retrain"))).get(0).getBodyAsString();
    assertThat(recorded).contains(sha256(sent));
  }

  private static String sha256(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void postsTheBodyAsJsonWithTheIdempotencyKey() throws Exception {
    answers(202);

    Outcome outcome =
        action.execute(
            params(
                "body",
                Map.of("model", "nba_win_predictor", "reason", "drift"),
                "idempotency_key",
                "rb-103:DataDriftDetected:2025-10-12"));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.detail())
        .isEqualTo("POST http://127.0.0.1:" + server.port() + "/v1/retrain?… answered 202")
        .doesNotContain("s3cret");
    assertThat(outcome.data())
        .containsEntry("status", 202L)
        .containsEntry("idempotency_key", "rb-103:DataDriftDetected:2025-10-12");
    server.verify(
        postRequestedFor(urlPathEqualTo("/v1/retrain"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Idempotency-Key", equalTo("rb-103:DataDriftDetected:2025-10-12"))
            .withHeader("User-Agent", equalTo("runbookd"))
            .withRequestBody(
                equalToJson("{\"model\":\"nba_win_predictor\",\"reason\":\"drift\"}")));
  }

  @Test
  void withoutBodyOrKeyItPostsAnEmptyObjectAndNoKey() throws Exception {
    answers(200);

    Outcome outcome = action.execute(params());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    server.verify(
        postRequestedFor(urlPathEqualTo("/v1/retrain"))
            .withHeader("Idempotency-Key", absent())
            .withRequestBody(equalToJson("{}")));
  }

  @Test
  void aClientErrorFailsWithTheStatus() throws Exception {
    answers(404);

    Outcome outcome = action.execute(params());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).endsWith("answered 404");
  }

  @Test
  void aStatusOtherThanTheExpectedOneFails() throws Exception {
    answers(200);

    Outcome outcome = action.execute(params("expect_status", 202L));

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).endsWith("answered 200");
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/v1/retrain"))
            .willReturn(aResponse().withStatus(307).withHeader("Location", "http://evil.test/")));

    Outcome outcome = action.execute(params());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).endsWith("answered 307 (a redirect; not followed)");
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void serverErrorsAndThrottlingAreThrownForTheEngine() throws Exception {
    answers(503);
    HttpPostParams p = params();

    assertThatThrownBy(() -> action.execute(p))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("answered 503");
    answers(429);
    assertThatThrownBy(() -> action.execute(p)).isInstanceOf(IOException.class);
    assertThat(action.retrySafe()).isFalse();
  }

  @Test
  void aHostOutsideTheAllowListIsRefused() {
    Map<String, Object> raw = Map.of("url", "http://example.com/v1/retrain");

    assertThat(ParamBinder.problems(action.info().params(), raw))
        .singleElement()
        .asString()
        .startsWith("url: ")
        .contains("is not in http.allowedHosts");
    assertThatThrownBy(
            () ->
                action.bind(
                    ParamBinder.bind(
                        action.info().params(), Map.of("url", "http://127.0.0.1@example.com/"))))
        .isInstanceOf(ParamException.class);
  }

  @Test
  void refusesCraftedParameters() {
    assertThat(problems("idempotency_key", "a\r\nX-Injected: 1")).hasSize(1);
    assertThat(problems("idempotency_key", "k".repeat(129))).hasSize(1);
    assertThat(problems("expect_status", 404L)).hasSize(1);
    assertThat(problems("body", Map.of("nested", Map.of("a", "b")))).hasSize(1);
    assertThat(problems("timeout", "5m")).hasSize(1);
  }

  @Test
  void recheckCannotTellAndTheActionIsTransient() throws Exception {
    HttpPostParams p = params("body", Map.of("model", "m"));

    assertThat(action.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.UNKNOWN);
    assertThat(action.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(action.target(p).key()).isEqualTo("http:127.0.0.1:POST /v1/retrain");
    assertThat(action.describe(p))
        .isEqualTo("POST http://127.0.0.1:" + server.port() + "/v1/retrain?… with fields model");
  }

  private List<String> problems(String key, Object value) {
    Map<String, Object> raw = new HashMap<>(Map.of("url", url()));
    raw.put(key, value);
    return ParamBinder.problems(action.info().params(), raw);
  }
}

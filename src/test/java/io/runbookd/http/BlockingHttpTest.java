package io.runbookd.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared client against a real HTTP server on 127.0.0.1. */
class BlockingHttpTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Far above every timeout used here: a call that waits for the server fails the bound. */
  private static final Duration BOUND = Duration.ofSeconds(8);

  private static WireMockServer server;
  private final BlockingHttp http =
      new BlockingHttp(
          Duration.ofSeconds(2),
          Clock.fixed(Instant.parse("2025-10-12T12:00:00Z"), ZoneOffset.UTC));

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

  private static HttpTarget at(String path) throws UrlRefusedException {
    return HttpTarget.parse("http://127.0.0.1:" + server.port() + path);
  }

  @Test
  void sendsItsUserAgentAndAcceptsJson() throws Exception {
    server.stubFor(get("/health").willReturn(aResponse().withStatus(200).withBody("{}")));

    HttpAnswer answer = http.get(at("/health"), TIMEOUT, 1024);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.text()).isEqualTo("{}");
    server.verify(
        getRequestedFor(urlEqualTo("/health"))
            .withHeader("User-Agent", equalTo("runbookd"))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void answersAnyStatusInsteadOfThrowing() throws Exception {
    server.stubFor(get("/health").willReturn(aResponse().withStatus(503).withBody("down")));

    HttpAnswer answer = http.get(at("/health"), TIMEOUT, 1024);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.text()).isEqualTo("down");
  }

  @Test
  void followsARedirectOnTheSameHost() throws Exception {
    server.stubFor(
        get("/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
    server.stubFor(get("/new").willReturn(aResponse().withStatus(200).withBody("here")));

    HttpAnswer answer = http.get(at("/old"), TIMEOUT, 1024);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.redirects()).isEqualTo(1);
    assertThat(answer.target().uri().getPath()).isEqualTo("/new");
  }

  @Test
  void refusesARedirectToAnotherHost() {
    String elsewhere = "http://localhost:" + server.port() + "/new";
    server.stubFor(
        get("/old").willReturn(aResponse().withStatus(302).withHeader("Location", elsewhere)));

    assertThatThrownBy(() -> http.get(at("/old"), TIMEOUT, 1024))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessage("redirect from 127.0.0.1 to another host (localhost) refused");
    server.verify(0, getRequestedFor(urlEqualTo("/new")));
  }

  @Test
  void stopsAfterThreeRedirects() {
    server.stubFor(
        get("/loop").willReturn(aResponse().withStatus(307).withHeader("Location", "/loop")));

    assertThatThrownBy(() -> http.get(at("/loop"), TIMEOUT, 1024))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageStartingWith("more than 3 redirects from http://127.0.0.1:");
    server.verify(4, getRequestedFor(urlEqualTo("/loop")));
  }

  @Test
  void aRedirectWithoutLocationIsTheAnswer() throws Exception {
    server.stubFor(get("/odd").willReturn(aResponse().withStatus(302)));

    HttpAnswer answer = http.get(at("/odd"), TIMEOUT, 1024);

    assertThat(answer.status()).isEqualTo(302);
  }

  @Test
  void readsTheBodyUpToTheLimitAndNoFurther() throws Exception {
    server.stubFor(
        get("/big").willReturn(aResponse().withStatus(200).withBody("x".repeat(300_000))));

    HttpAnswer answer = http.get(at("/big"), TIMEOUT, 1000);

    assertThat(answer.body()).hasSize(1000);
    assertThat(answer.truncated()).isTrue();
  }

  @Test
  void aBodyOfExactlyTheLimitIsComplete() throws Exception {
    server.stubFor(
        get("/exact").willReturn(aResponse().withStatus(200).withBody("y".repeat(1000))));

    HttpAnswer answer = http.get(at("/exact"), TIMEOUT, 1000);

    assertThat(answer.body()).hasSize(1000);
    assertThat(answer.truncated()).isFalse();
  }

  @Test
  void aServerThatDoesNotAnswerFailsWithinTheTimeout() {
    server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));

    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(() -> http.get(at("/slow"), Duration.ofMillis(300), 1024))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("no complete answer within 300 ms"));
  }

  @Test
  void aBodyThatDribblesFailsWithinTheTimeout() {
    server.stubFor(
        get("/dribble")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("z".repeat(100))
                    .withChunkedDribbleDelay(10, 20_000)));

    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(() -> http.get(at("/dribble"), Duration.ofMillis(300), 1024))
                .isInstanceOf(HttpTimeoutException.class));
  }

  @Test
  void anInterruptEndsTheCall() throws Exception {
    server.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
    HttpTarget target = at("/slow");
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                http.get(target, Duration.ofSeconds(30), 1024);
                failure.complete(null);
              } catch (Throwable e) {
                failure.complete(e);
              }
            });

    caller.start();
    caller.interrupt();

    assertThat(failure.get(BOUND.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void aClosedPortFailsFast() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = socket.getLocalPort();
    }
    HttpTarget target = HttpTarget.parse("http://127.0.0.1:" + closed + "/health");

    assertTimeoutPreemptively(
        BOUND,
        () ->
            assertThatThrownBy(() -> http.get(target, TIMEOUT, 1024))
                .isInstanceOf(IOException.class)
                .hasMessage("GET " + target.display() + ": cannot connect to 127.0.0.1:" + closed));
  }

  @Test
  void reportsElapsedTimeByItsClock() throws Exception {
    server.stubFor(get("/health").willReturn(aResponse().withStatus(204)));

    HttpAnswer answer = http.get(at("/health"), TIMEOUT, 1024);

    assertThat(answer.elapsed()).isZero();
  }
}

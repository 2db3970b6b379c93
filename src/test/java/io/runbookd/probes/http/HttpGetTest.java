package io.runbookd.probes.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http.get} against a health endpoint served over real HTTP on 127.0.0.1. */
class HttpGetTest {
  private static final String HEALTH =
      "{\"status\":\"degraded\",\"version\":\"2.0.0\",\"uptime\":12.5,\"ready\":false,"
          + "\"checks\":{\"db\":{\"status\":\"ok\",\"latency_ms\":12},\"cache\":null},"
          + "\"regions\":[\"us-east-1\",\"eu-west-1\"]}";

  private static WireMockServer server;
  private final HttpGet probe =
      new HttpGet(
          new AllowedHosts(List.of("127.0.0.1")),
          new BlockingHttp(
              Duration.ofSeconds(2),
              Clock.fixed(Instant.parse("2025-10-12T12:00:00Z"), ZoneOffset.UTC)));

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
    server.stubFor(
        get(urlPathEqualTo("/health"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(HEALTH)));
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private HttpGetParams bind(Map<String, Object> raw) throws ParamException {
    return probe.bind(ParamBinder.bind(probe.info().params(), raw));
  }

  @Test
  void recordsTheUrlWithoutItsUserInformationOrQuery() throws Exception {
    Map<String, Object> raw = Map.of("url", url("/health?api_key=k-7f3a9c"));
    Finding finding = probe.run(bind(raw));
    io.runbookd.redact.Redactor redactor = io.runbookd.redact.Redactor.of(probe.info());

    String recorded =
        redactor.params(raw)
            + " "
            + redactor.data(finding.data())
            + " "
            + redactor.text(finding.summary(), raw, finding.data());

    assertThat(recorded).doesNotContain("k-7f3a9c").contains(url("/health?…"));
    assertThat(redactor.params(Map.of("url", "http://ops:pw-7f3a9c@127.0.0.1/health")).get("url"))
        .isEqualTo("http://…@127.0.0.1/health");
  }

  private Finding run(String path, Map<String, String> pointers) throws Exception {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("url", url(path));
    raw.put("pointers", pointers);
    return probe.run(bind(raw));
  }

  private static Map<String, String> pointers(String... namesAndPointers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndPointers.length; i += 2) {
      out.put(namesAndPointers[i], namesAndPointers[i + 1]);
    }
    return out;
  }

  @Test
  void extractsFieldsOfAHealthAnswerByPointer() throws Exception {
    Finding finding =
        run(
            "/health",
            pointers(
                "status",
                "/status",
                "db",
                "/checks/db/status",
                "db_ms",
                "/checks/db/latency_ms",
                "uptime",
                "/uptime",
                "ready",
                "/ready"));

    assertThat(finding.data())
        .containsEntry("status", 200L)
        .containsEntry("ok", true)
        .containsEntry("json", true)
        .containsEntry("missing", List.of())
        .containsEntry("latency_ms", 0L)
        .containsEntry("body_bytes", (long) HEALTH.length())
        .containsEntry("truncated", false)
        .containsEntry("redirects", 0L);
    assertThat(finding.data().get("fields"))
        .isEqualTo(
            Map.of("status", "degraded", "db", "ok", "db_ms", 12L, "uptime", 12.5, "ready", false));
    assertThat(finding.summary())
        .isEqualTo(
            "GET "
                + url("/health")
                + " → 200 in 0 ms; status=degraded, db=ok, db_ms=12, uptime=12.5, ready=false");
  }

  @Test
  void turnsObjectsAndArraysIntoMapsAndListsWithoutNulls() throws Exception {
    Finding finding = run("/health", pointers("checks", "/checks", "regions", "/regions"));

    assertThat(finding.data().get("fields"))
        .isEqualTo(
            Map.of(
                "checks", Map.of("db", Map.of("status", "ok", "latency_ms", 12L)),
                "regions", List.of("us-east-1", "eu-west-1")));
    assertThat(finding.summary()).endsWith("; checks={…}, regions=[…]");
  }

  @Test
  void listsPointersThatFindNothingOrNull() throws Exception {
    Finding finding =
        run("/health", pointers("status", "/status", "cache", "/checks/cache", "queue", "/queue"));

    assertThat(finding.data().get("fields")).isEqualTo(Map.of("status", "degraded"));
    assertThat(finding.data()).containsEntry("missing", List.of("cache", "queue"));
    assertThat(finding.summary()).endsWith("; status=degraded; missing: cache, queue");
  }

  @Test
  void anUnhealthyStatusIsAFindingNotAFailure() throws Exception {
    server.stubFor(
        get("/health").willReturn(aResponse().withStatus(503).withBody("{\"status\":\"down\"}")));

    Finding finding = run("/health", pointers("status", "/status"));

    assertThat(finding.data()).containsEntry("status", 503L).containsEntry("ok", false);
    assertThat(finding.summary())
        .isEqualTo("GET " + url("/health") + " → 503 (expected 200) in 0 ms; status=down");
  }

  @Test
  void expectStatusSaysWhatCountsAsOk() throws Exception {
    server.stubFor(get("/ping").willReturn(aResponse().withStatus(204)));

    Finding finding = probe.run(bind(Map.of("url", url("/ping"), "expect_status", 204L)));

    assertThat(finding.data())
        .containsEntry("ok", true)
        .containsEntry("json", false)
        .containsEntry("body_bytes", 0L);
    assertThat(finding.summary()).isEqualTo("GET " + url("/ping") + " → 204 in 0 ms");
  }

  @Test
  void aBodyThatIsNotJsonGivesNoFields() throws Exception {
    server.stubFor(
        get("/text")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/plain")
                    .withBody("OK")));

    Finding finding = run("/text", pointers("status", "/status"));

    assertThat(finding.data())
        .containsEntry("json", false)
        .containsEntry("fields", Map.of())
        .containsEntry("missing", List.of("status"));
    assertThat(finding.summary()).endsWith(" → 200 in 0 ms; body is not JSON");
  }

  @Test
  void aBodyOverOneMebibyteIsNotReadPastIt() throws Exception {
    String huge = "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(HttpGet.MAX_BODY) + "\"}";
    server.stubFor(get("/huge").willReturn(aResponse().withStatus(200).withBody(huge)));

    Finding finding = run("/huge", pointers("status", "/status"));

    assertThat(finding.data())
        .containsEntry("truncated", true)
        .containsEntry("json", false)
        .containsEntry("body_bytes", (long) HttpGet.MAX_BODY);
    assertThat(finding.summary()).endsWith("; body over 1 MiB, not read");
  }

  @Test
  void followsARedirectOnTheSameHost() throws Exception {
    server.stubFor(
        get("/healthz").willReturn(aResponse().withStatus(308).withHeader("Location", "/health")));

    Finding finding = run("/healthz", pointers("status", "/status"));

    assertThat(finding.data()).containsEntry("status", 200L).containsEntry("redirects", 1L);
    assertThat(finding.summary())
        .isEqualTo("GET " + url("/healthz") + " → 200 in 0 ms after 1 redirect; status=degraded");
  }

  @Test
  void refusesARedirectToAnotherHost() {
    server.stubFor(
        get("/moved")
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "http://localhost:" + server.port() + "/health")));

    assertThatThrownBy(() -> run("/moved", Map.of()))
        .isInstanceOf(RefusedException.class)
        .hasMessage("redirect from 127.0.0.1 to another host (localhost) refused");
  }

  @Test
  void leavesTheQueryOutOfTheSummary() throws Exception {
    Finding finding = run("/health?token=s3cr3t", Map.of());

    assertThat(finding.summary()).startsWith("GET " + url("/health") + "?… → 200");
    assertThat(finding.summary()).doesNotContain("s3cr3t");
  }

  @Test
  void aHungTargetFailsWithinTheTimeout() throws Exception {
    server.stubFor(get("/hang").willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
    HttpGetParams params = bind(Map.of("url", url("/hang"), "timeout", "300ms"));

    assertTimeoutPreemptively(
        Duration.ofSeconds(8),
        () ->
            assertThatThrownBy(() -> probe.run(params))
                .isInstanceOf(HttpTimeoutException.class)
                .hasMessageContaining("within 300 ms"));
  }

  @Test
  void aRefusedConnectionFailsFast() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = socket.getLocalPort();
    }
    HttpGetParams params = bind(Map.of("url", "http://127.0.0.1:" + closed + "/health"));

    assertTimeoutPreemptively(
        Duration.ofSeconds(8),
        () ->
            assertThatThrownBy(() -> probe.run(params))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to 127.0.0.1:" + closed));
  }

  @Test
  void namesTheHostAsItsSystem() throws Exception {
    HttpGetParams params = bind(Map.of("url", url("/health")));

    assertThat(probe.system(params)).isEqualTo("http:127.0.0.1");
  }
}

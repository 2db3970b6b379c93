package io.runbookd.probes.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.http.BlockingHttp;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code prometheus.query} against the Prometheus HTTP API's wire format, served on 127.0.0.1. */
class PrometheusQueryTest {
  private static final String ERROR_RATE =
      "sum by (job) (rate(http_requests_total{namespace=\"nba-mcp\",code=~\"5..\"}[5m]))"
          + " / sum by (job) (rate(http_requests_total{namespace=\"nba-mcp\"}[5m]))";
  private static final String VECTOR =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
          + "{\"metric\":{\"job\":\"api\",\"instance\":\"10.0.0.1:8080\"},"
          + "\"value\":[1697112000.123,\"0.012\"]},"
          + "{\"metric\":{\"job\":\"api\",\"instance\":\"10.0.0.2:8080\"},"
          + "\"value\":[1697112000.123,\"0.021\"]},"
          + "{\"metric\":{\"job\":\"worker\"},\"value\":[1697112000.123,\"0.003\"]}]}}";

  private static WireMockServer server;
  private final BlockingHttp http = new BlockingHttp(Duration.ofSeconds(2), Clock.systemUTC());

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

  private PrometheusQuery probe(String path) {
    return new PrometheusQuery(Optional.of(URI.create(server.baseUrl() + path)), http);
  }

  private static void answer(int status, String body) {
    server.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  private Finding run(PrometheusQuery probe, Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  private Finding run(String query) throws Exception {
    return run(probe(""), Map.of("query", query));
  }

  @Test
  void readsAnInstantVector() throws Exception {
    answer(200, VECTOR);

    Finding finding = run(ERROR_RATE);

    assertThat(finding.data())
        .containsEntry("result_type", "vector")
        .containsEntry("empty", false)
        .containsEntry("count", 3L)
        .containsEntry("value", 0.012)
        .containsEntry("max", 0.021)
        .containsEntry("min", 0.003)
        .containsEntry("truncated", false);
    assertThat((List<?>) finding.data().get("series"))
        .first()
        .isEqualTo(
            Map.of("labels", Map.of("job", "api", "instance", "10.0.0.1:8080"), "value", 0.012));
    assertThat(finding.summary())
        .isEqualTo("prometheus: 3 series, max 0.021 (job=\"api\", instance=\"10.0.0.2:8080\")");
  }

  @Test
  void readsASingleSeries() throws Exception {
    answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
            + "\"value\":[1697112000.123,\"0.0123456\"]}]}}");

    Finding finding = run("sum(rate(http_requests_total[5m]))");

    assertThat(finding.data()).containsEntry("count", 1L).containsEntry("value", 0.0123456);
    assertThat(finding.summary()).isEqualTo("prometheus: 1 series, value 0.01235");
  }

  @Test
  void readsAScalar() throws Exception {
    answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
            + "\"result\":[1697112000.123,\"0.012\"]}}");

    Finding finding = run("scalar(vector(0.012))");

    assertThat(finding.data())
        .containsEntry("result_type", "scalar")
        .containsEntry("empty", false)
        .containsEntry("count", 1L)
        .containsEntry("value", 0.012)
        .containsEntry("max", 0.012);
    assertThat(finding.summary()).isEqualTo("prometheus: scalar 0.012");
  }

  @Test
  void anEmptyVectorHasNoValue() throws Exception {
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");

    Finding finding = run("up{job=\"none\"}");

    assertThat(finding.data())
        .containsEntry("empty", true)
        .containsEntry("count", 0L)
        .containsEntry("series", List.of())
        .doesNotContainKeys("value", "max", "min");
    assertThat(finding.summary()).isEqualTo("prometheus: empty result");
  }

  @Test
  void readsAString() throws Exception {
    answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\","
            + "\"result\":[1697112000.123,\"hello\"]}}");

    Finding finding = run("\"hello\"");

    assertThat(finding.data()).containsEntry("text", "hello").containsEntry("empty", false);
    assertThat(finding.summary()).isEqualTo("prometheus: string \"hello\"");
  }

  @Test
  void keepsNanAndInfinityAsDoublesAndLeavesNanOutOfMaxAndMin() throws Exception {
    answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"job\":\"idle\"},\"value\":[1697112000,\"NaN\"]},"
            + "{\"metric\":{\"job\":\"api\"},\"value\":[1697112000,\"+Inf\"]},"
            + "{\"metric\":{\"job\":\"db\"},\"value\":[1697112000,\"-Inf\"]}]}}");

    Finding finding = run("x");

    assertThat((Double) finding.data().get("value")).isNaN();
    assertThat(finding.data())
        .containsEntry("max", Double.POSITIVE_INFINITY)
        .containsEntry("min", Double.NEGATIVE_INFINITY);
    assertThat(finding.summary()).isEqualTo("prometheus: 3 series, max +Inf (job=\"api\")");
  }

  @Test
  void refusesAQueryPrometheusCannotParseWithItsMessage() {
    answer(
        400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter"
            + " \\\"query\\\": 1:5: parse error: unexpected end of input\"}");

    assertThatThrownBy(() -> run("sum("))
        .isInstanceOf(RefusedException.class)
        .hasMessage(
            "prometheus refused the query (400): bad_data: invalid parameter \"query\": 1:5:"
                + " parse error: unexpected end of input");
  }

  @Test
  void refusesARangeVector() {
    answer(
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
            + "{\"job\":\"api\"},\"values\":[[1697112000,\"1\"],[1697112015,\"2\"]]}]}}");

    assertThatThrownBy(() -> run("up[5m]"))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("range vector (matrix)")
        .hasMessageContaining("max_over_time(expr[15m])");
  }

  @Test
  void aTimeoutInsidePrometheusIsAFailureNotARefusal() {
    answer(
        503,
        "{\"status\":\"error\",\"errorType\":\"timeout\","
            + "\"error\":\"query timed out in expression evaluation\"}");

    assertThatThrownBy(() -> run("x"))
        .isInstanceOf(IOException.class)
        .hasMessage("prometheus answered 503: timeout: query timed out in expression evaluation");
  }

  @Test
  void aWrongUrlIsRefusedWithAHint() {
    server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(404)));

    assertThatThrownBy(() -> run("x"))
        .isInstanceOf(RefusedException.class)
        .hasMessage("prometheus answered 404 without API JSON; check prometheus.url");
  }

  @Test
  void encodesQuotesBracesAndSpacesInTheQuery() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", equalTo(ERROR_RATE))
            .willReturn(aResponse().withStatus(200).withBody(VECTOR)));

    run(ERROR_RATE);

    String sent = server.getAllServeEvents().get(0).getRequest().getUrl();
    assertThat(sent).startsWith("/api/v1/query?query=sum%20by%20%28job%29");
    assertThat(sent).contains("%7Bnamespace%3D%22nba-mcp%22").doesNotContain("\"", "{", "+");
  }

  @Test
  void keepsAPathPrefixOfTheConfiguredUrl() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/prometheus/api/v1/query"))
            .willReturn(aResponse().withStatus(200).withBody(VECTOR)));

    Finding finding = run(probe("/prometheus/"), Map.of("query", "up"));

    assertThat(finding.data()).containsEntry("count", 3L);
  }

  @Test
  void insertsArgsAsQuotedStringsSoALabelCannotRewriteTheQuery() throws Exception {
    String crafted = "nba-mcp\"} or vector(1) #";
    server.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .withQueryParam("query", equalTo("up{namespace=\"nba-mcp\\\"} or vector(1) #\"}"))
            .willReturn(aResponse().withStatus(200).withBody(VECTOR)));
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("query", "up{namespace=$ns}");
    raw.put("args", Map.of("ns", crafted));

    Finding finding = run(probe(""), raw);

    assertThat(finding.data()).containsEntry("count", 3L);
  }

  @Test
  void refusesToRunWithoutAConfiguredUrl() throws Exception {
    PrometheusQuery probe = new PrometheusQuery(Optional.empty(), http);
    PrometheusQueryParams params =
        probe.bind(ParamBinder.bind(probe.info().params(), Map.of("query", "up")));

    assertThatThrownBy(() -> probe.run(params))
        .isInstanceOf(RefusedException.class)
        .hasMessage("prometheus.url is not configured");
    assertThat(probe.system(params)).isEqualTo("prometheus");
  }

  @Test
  void refusesAConfiguredUrlThatIsNotPlainHttp() {
    assertThatThrownBy(
            () -> new PrometheusQuery(Optional.of(URI.create("http://user:pw@prom:9090")), http))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prometheus.url: ")
        .hasMessageContaining("must not carry user information");
  }

  @Test
  void aHungPrometheusFailsWithinTheTimeout() {
    server.stubFor(
        get(urlPathEqualTo("/api/v1/query"))
            .willReturn(aResponse().withStatus(200).withBody(VECTOR).withFixedDelay(20_000)));

    assertTimeoutPreemptively(
        Duration.ofSeconds(8),
        () ->
            assertThatThrownBy(() -> run(probe(""), Map.of("query", "up", "timeout", "300ms")))
                .isInstanceOf(HttpTimeoutException.class));
  }
}

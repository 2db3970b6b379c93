package io.runbookd.probes.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.http.BlockingHttp;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code prometheus.query_range} against the Prometheus HTTP API's matrix format, on 127.0.0.1. */
class PrometheusRangeTest {
  private static final Instant NOW = Instant.parse("2025-10-12T12:34:56Z");
  private static final String RATE = "sum by (job) (rate(http_requests_total{namespace=$ns}[1h]))";

  private static WireMockServer server;
  private final BlockingHttp http = new BlockingHttp(Duration.ofSeconds(2), Clock.systemUTC());
  private final PrometheusRange probe =
      new PrometheusRange(
          Optional.of(URI.create("http://127.0.0.1:" + server.port() + "/prom")),
          http,
          Clock.fixed(NOW, ZoneOffset.UTC));

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

  private static void answer(int status, String body) {
    server.stubFor(
        get(urlPathEqualTo("/prom/api/v1/query_range"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /** Prometheus' own shape: one matrix series per job, values as strings. */
  static String matrix(long start, long step, Map<String, double[]> byJob) {
    StringJoiner series = new StringJoiner(",");
    byJob.forEach(
        (job, values) -> {
          StringJoiner points = new StringJoiner(",");
          for (int i = 0; i < values.length; i++) {
            String v = Double.isNaN(values[i]) ? "NaN" : Double.toString(values[i]);
            points.add("[" + (start + i * step) + ",\"" + v + "\"]");
          }
          series.add("{\"metric\":{\"job\":\"" + job + "\"},\"values\":[" + points + "]}");
        });
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + series
        + "]}}";
  }

  private Finding run(Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  private static Map<String, Object> sixMonths(Object step) {
    Map<String, Object> raw =
        new HashMap<>(Map.of("query", RATE, "args", Map.of("ns", "nba-mcp"), "range", "180d"));
    if (step != null) {
      raw.put("step", step);
    }
    return raw;
  }

  @Test
  void readsEachSeriesOfAMatrixWithTheRangeAlignedToTheStep() throws Exception {
    long step = 3600;
    long end = NOW.getEpochSecond() / step * step;
    long start = end - 180L * 86400;
    answer(200, matrix(start, step, Map.of("api", new double[] {10.5, 11.0, Double.NaN, 12.25})));

    Finding finding = run(sixMonths("1h"));

    LoggedRequest request =
        server.findAll(getRequestedFor(urlPathEqualTo("/prom/api/v1/query_range"))).get(0);
    assertThat(request.queryParameter("query").firstValue())
        .isEqualTo("sum by (job) (rate(http_requests_total{namespace=\"nba-mcp\"}[1h]))");
    assertThat(request.queryParameter("start").firstValue()).isEqualTo(Long.toString(start));
    assertThat(request.queryParameter("end").firstValue()).isEqualTo(Long.toString(end));
    assertThat(request.queryParameter("step").firstValue()).isEqualTo("3600");
    assertThat(finding.data())
        .containsEntry("result_type", "matrix")
        .containsEntry("count", 1L)
        .containsEntry("truncated", false)
        .containsEntry("step_seconds", 3600L)
        .containsEntry("start", start)
        .containsEntry("end", end)
        .containsEntry("last", 12.25)
        .containsEntry("max", 12.25)
        .containsEntry("min", 10.5);
    Map<?, ?> series = (Map<?, ?>) ((List<?>) finding.data().get("series")).get(0);
    assertThat(series.get("labels")).isEqualTo(Map.of("job", "api"));
    assertThat(series.get("timestamps"))
        .isEqualTo(
            List.of(
                (double) start,
                (double) start + 3600,
                (double) start + 7200,
                (double) start + 10800));
    assertThat((List<?>) series.get("values")).hasSize(4).element(2).isEqualTo(Double.NaN);
    assertThat(finding.summary())
        .isEqualTo("prometheus range: 1 series over 180d at step 1h, 4 points, max 12.25");
  }

  @Test
  void withoutAStepTheRangeIsDividedIntoPoints() throws Exception {
    assertThat(probe.bind(ParamBinder.bind(probe.info().params(), sixMonths(null))).stepSeconds())
        .isEqualTo(15_552_000L / 500);
    Map<String, Object> raw = sixMonths(null);
    raw.put("points", 11000);
    assertThat(probe.bind(ParamBinder.bind(probe.info().params(), raw)).stepSeconds())
        .as("11,000 points of 180 days need 1,414 s")
        .isEqualTo(1414L);
  }

  @Test
  void aStepThatWouldPassElevenThousandPointsIsRefusedNamingTheSmallest() {
    assertThatThrownBy(() -> probe.bind(ParamBinder.bind(probe.info().params(), sixMonths("1m"))))
        .isInstanceOf(ParamException.class)
        .hasMessage(
            "step: 180d at a step of 1m is 259,200 points per series; Prometheus allows"
                + " 11,000: use a step of at least 23m34s");
  }

  @Test
  void theLimitIsPrometheusIntegerDivision() throws Exception {
    assertThat(
            RangeStep.choose(Duration.ofSeconds(11_000), Optional.of(Duration.ofSeconds(1)), 500))
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                RangeStep.choose(
                    Duration.ofSeconds(11_001), Optional.of(Duration.ofSeconds(1)), 500))
        .isInstanceOf(ParamException.class);
    assertThat(RangeStep.smallest(Duration.ofSeconds(11_001))).isEqualTo(2);
    assertThat(RangeStep.smallest(Duration.ofSeconds(22_001))).isEqualTo(2);
    assertThat(RangeStep.smallest(Duration.ofSeconds(22_002))).isEqualTo(3);
    for (long range = 60; range < 40_000_000; range = range * 7 / 3) {
      long smallest = RangeStep.smallest(Duration.ofSeconds(range));
      assertThat(range / smallest).as("range %d", range).isLessThanOrEqualTo(11_000);
      assertThat(smallest == 1 || range / (smallest - 1) > 11_000).as("range %d", range).isTrue();
    }
  }

  @Test
  void keepsTheFirstTwentySeries() throws Exception {
    Map<String, double[]> many = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 25; i++) {
      many.put("job" + i, new double[] {i});
    }
    answer(200, matrix(1_700_000_000L, 3600, many));

    Finding finding = run(sixMonths("1h"));

    assertThat(finding.data())
        .containsEntry("count", 25L)
        .containsEntry("truncated", true)
        .containsEntry("max", 19.0);
    assertThat((List<?>) finding.data().get("series")).hasSize(20);
  }

  @Test
  void anEmptyMatrixHasNoValues() throws Exception {
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");

    Finding finding = run(sixMonths("1h"));

    assertThat(finding.data())
        .containsEntry("empty", true)
        .doesNotContainKeys("max", "min", "last");
    assertThat(finding.summary()).isEqualTo("prometheus range: empty result over 180d at step 1h");
  }

  @Test
  void prometheusRefusalsAndFailuresAreTold() {
    answer(
        400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"exceeded maximum resolution"
            + " of 11,000 points per timeseries. Try decreasing the query resolution"
            + " (?step=XX)\"}");
    assertThatThrownBy(() -> run(sixMonths("1h")))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("bad_data: exceeded maximum resolution");

    answer(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}");
    assertThatThrownBy(() -> run(sixMonths("1h"))).isInstanceOf(IOException.class);

    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThatThrownBy(() -> run(sixMonths("1h")))
        .isInstanceOf(RefusedException.class)
        .hasMessage("prometheus answered resultType 'vector' to a range query");
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("range", "0s"),
        Map.of("range", "500d"),
        Map.of("range", "forever"),
        Map.of("step", "1500ms"),
        Map.of("step", "200d"),
        Map.of("points", 1),
        Map.of("points", 20000),
        Map.of("query", "up\u0000"),
        Map.of("args", Map.of("ns", "a\nb")));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingPrometheus(Map<String, Object> override) {
    Map<String, Object> raw = sixMonths("1h");
    raw.putAll(override);

    assertThatThrownBy(() -> probe.bind(ParamBinder.bind(probe.info().params(), raw)))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(override.keySet().iterator().next()));
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aLabelCannotChangeTheQuery() throws Exception {
    answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}");
    Map<String, Object> raw = sixMonths("1h");
    raw.put("args", Map.of("ns", "x\"} or vector(1) or {a=\""));

    run(raw);

    assertThat(
            server
                .findAll(getRequestedFor(urlPathEqualTo("/prom/api/v1/query_range")))
                .get(0)
                .queryParameter("query")
                .firstValue())
        .isEqualTo(
            "sum by (job) (rate(http_requests_total{namespace=\"x\\\"} or vector(1) or"
                + " {a=\\\"\"}[1h]))");
  }
}

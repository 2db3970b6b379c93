package io.runbookd.probes.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.http.BlockingHttp;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code prometheus.query_range} with {@code forecast}: six months of daily request rates with a
 * known trend, served in Prometheus' matrix format, forecast 30 days ahead.
 */
class RangeForecastTest {
  private static final Instant NOW = Instant.parse("2026-11-02T06:00:00Z");
  private static final long DAY = 86_400;

  private WireMockServer server;
  private PrometheusRange probe;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    probe = new PrometheusRange(Optional.of(URI.create("http://127.0.0.1:" + server.port())),
        new BlockingHttp(Duration.ofSeconds(2), Clock.systemUTC()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** {@code days} daily samples of 100 + 2·day plus seeded noise of ±{@code noise}, ending now. */
  private long serve(int days, double noise) {
    long end = NOW.getEpochSecond() / DAY * DAY;
    long start = end - (days - 1) * DAY;
    Random random = new Random(42);
    double[] values = new double[days];
    for (int d = 0; d < days; d++) {
      values[d] = 100 + 2 * d + (random.nextDouble() * 2 - 1) * noise;
    }
    server.stubFor(get(urlPathEqualTo("/api/v1/query_range")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(PrometheusRangeTest.matrix(start, DAY, Map.of("api", values)))));
    return start;
  }

  private Finding run(Map<String, Object> extra) throws Exception {
    Map<String, Object> raw = new HashMap<>(Map.of("query", "sum(rate(http_requests_total[1d]))", "range", "180d",
        "step", "1d", "forecast", "30d"));
    raw.putAll(extra);
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> forecast(Finding finding) {
    return (Map<String, Object>) finding.data().get("forecast");
  }

  @Test
  void aKnownTrendIsForecastAndItsIntervalHoldsTheTrueValue() throws Exception {
    serve(180, 5);
    Map<String, Object> forecast = forecast(run(Map.of()));

    assertThat(forecast).containsEntry("usable", true).containsEntry("verdict", "ok").containsEntry("samples", 180L);
    assertThat((double) forecast.get("slope_per_day")).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    Map<?, ?> horizon = (Map<?, ?>) forecast.get("at_horizon");
    double truth = 100 + 2 * (179 + 30);
    assertThat((double) horizon.get("lower")).isLessThan(truth);
    assertThat((double) horizon.get("upper")).isGreaterThan(truth);
    assertThat((double) horizon.get("mean")).isCloseTo(truth, org.assertj.core.data.Offset.offset(3.0));
    assertThat((java.util.List<?>) forecast.get("points")).hasSize(30);
  }

  @Test
  void recommendsHpaBoundsFromTheForecastAndThePerPodLoad() throws Exception {
    serve(180, 5);
    Map<?, ?> recommendation = (Map<?, ?>) forecast(run(Map.of("per_pod", 40, "min_replicas", 2,
        "max_replicas", 20))).get("recommendation");

    // Lowest expected load ≈ 460 → 12 pods; highest upper bound ≈ 524 · 1.2 ≈ 629 → 16 pods.
    assertThat(recommendation.get("usable")).isEqualTo(true);
    assertThat((long) recommendation.get("min_replicas")).isBetween(11L, 12L);
    assertThat((long) recommendation.get("max_replicas")).isBetween(15L, 17L);
    assertThat(recommendation.get("capped")).isEqualTo(false);
  }

  @Test
  void aSeriesTooShortToForecastSaysSoAndRecommendsNothing() throws Exception {
    serve(5, 1);
    Finding finding = run(Map.of("per_pod", 40));
    Map<String, Object> forecast = forecast(finding);

    assertThat(forecast).containsEntry("usable", false).containsEntry("verdict", "too_short");
    assertThat((String) forecast.get("reason")).contains("5");
    assertThat(((Map<?, ?>) forecast.get("recommendation")).get("usable")).isEqualTo(false);
    assertThat(finding.summary()).contains((String) forecast.get("reason"));
  }

  @Test
  void aSeriesTooNoisyToForecastSaysSo() throws Exception {
    serve(180, 2000);
    assertThat(forecast(run(Map.of()))).containsEntry("usable", false).containsEntry("verdict", "too_noisy");
  }

  @Test
  void sizingWithoutAForecastOrWithBoundsUpsideDownIsRefused() {
    Map<String, Object> raw = new HashMap<>(Map.of("query", "up", "range", "30d", "per_pod", 40));
    assertThatThrownBy(() -> probe.bind(ParamBinder.bind(probe.info().params(), raw)))
        .isInstanceOf(ParamException.class).hasMessageContaining("only read with forecast");
    raw.putAll(Map.of("forecast", "30d", "min_replicas", 10, "max_replicas", 4));
    assertThatThrownBy(() -> probe.bind(ParamBinder.bind(probe.info().params(), raw)))
        .isInstanceOf(ParamException.class).hasMessageContaining("below min_replicas 10");
  }
}

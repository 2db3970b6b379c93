package io.runbookd.probes.prometheus;

import io.runbookd.http.BlockingHttp;
import io.runbookd.http.HttpAnswer;
import io.runbookd.http.HttpTarget;
import io.runbookd.http.JsonBodies;
import io.runbookd.http.RequestTimeout;
import io.runbookd.http.UrlRefusedException;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A range query against {@code prometheus.url} ({@code GET /api/v1/query_range}) over the last
 * {@code range}, e.g. six months of request rate for RB-202's capacity report. The step is sized so
 * the range stays within Prometheus' 11,000 points per series ({@link RangeStep}); the end is
 * aligned to a multiple of the step. Alert text enters the query only through {@code args}, as in
 * {@code prometheus.query}.
 *
 * <p>Data: {@code result_type} ({@code matrix}); {@code empty}; {@code count} (series answered);
 * {@code truncated} (more than {@value #MAX_SERIES}); {@code start}, {@code end} (epoch seconds);
 * {@code step_seconds}; {@code series} (each with {@code labels}, {@code timestamps}, {@code
 * values}); and, when there is a sample, {@code last} (of the first series), {@code max} and {@code
 * min} (over every series kept, NaN ignored). With {@code forecast}: {@code forecast} ({@code
 * usable}, {@code verdict} ok, too_short or too_noisy, {@code reason}, {@code samples}, {@code
 * slope_per_day}, {@code r_squared}, {@code at_horizon} and {@code points} each with {@code time},
 * {@code mean}, {@code lower}, {@code upper}; with {@code per_pod}, {@code recommendation} with
 * {@code usable}, {@code min_replicas}, {@code max_replicas}, {@code capped}, {@code reason}).
 */
public final class PrometheusRange implements Probe<PrometheusRangeParams> {
  static final int MAX_BODY = 16 << 20;
  static final int MAX_SERIES = 20;
  static final Duration MAX_RANGE = Duration.ofDays(400);

  private static final Param QUERY =
      Param.required(
          "query",
          ParamType.STRING,
          "PromQL expression, written literally; $name inserts args.name as a quoted string",
          PromqlTemplate.QUERY);
  private static final Param ARGS =
      Param.optional(
          "args", ParamType.STRING_MAP, "values for $name placeholders", PromqlTemplate.ARGS);
  private static final Param RANGE =
      Param.required(
          "range",
          ParamType.DURATION,
          "how far back from now, 1m to 400d, e.g. 30d or 180d",
          value -> {
            Duration d = (Duration) value;
            return d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MAX_RANGE) > 0
                ? Optional.of("must be between 1m and 400d")
                : Optional.empty();
          });
  private static final Param STEP =
      Param.optional(
          "step",
          ParamType.DURATION,
          "resolution, whole seconds; refused when the range would pass 11,000 points per series"
              + " (default: the range divided into `points`)",
          io.runbookd.plugin.Check.NONE);
  private static final Param POINTS =
      Param.optional(
          "points",
          ParamType.INTEGER,
          "points per series wanted when no step is given, 2 to 11000 (default 500)",
          io.runbookd.plugin.Checks.range(2, RangeStep.MAX_POINTS));
  private static final Param FORECAST =
      Param.optional(
          "forecast",
          ParamType.DURATION,
          "forecast the first series this far ahead (1h to 400d) with a straight-line trend and its"
              + " 95% prediction interval, or say why not (too short, too noisy)",
          value -> {
            Duration d = (Duration) value;
            return d.compareTo(Duration.ofHours(1)) < 0 || d.compareTo(MAX_RANGE) > 0
                ? Optional.of("must be between 1h and 400d")
                : Optional.empty();
          });
  private static final Param PER_POD =
      Param.optional(
          "per_pod",
          ParamType.NUMBER,
          "with forecast: the load one pod carries at its target (measured, in the query's unit);"
              + " the data then recommends HPA bounds",
          value -> ((Number) value).doubleValue() > 0 && !Double.isInfinite(((Number) value).doubleValue())
              ? Optional.empty()
              : Optional.of("must be a positive number"));
  private static final Param HEADROOM =
      Param.optional(
          "headroom",
          ParamType.NUMBER,
          "with per_pod: share added above the forecast's upper bound, 0 to 2 (default 0.2)",
          value -> ((Number) value).doubleValue() >= 0 && ((Number) value).doubleValue() <= 2
              ? Optional.empty()
              : Optional.of("must be between 0 and 2"));
  private static final Param MIN_REPLICAS =
      Param.optional(
          "min_replicas", ParamType.INTEGER, "with per_pod: the fewest replicas recommended (default 2)",
          io.runbookd.plugin.Checks.range(1, 1000));
  private static final Param MAX_REPLICAS =
      Param.optional(
          "max_replicas", ParamType.INTEGER, "with per_pod: the most replicas recommended (default 20)",
          io.runbookd.plugin.Checks.range(1, 1000));
  private static final PluginInfo INFO =
      new PluginInfo(
          "prometheus.query_range",
          "Runs a PromQL range query over a recent window and reports each series' samples;"
              + " optionally forecasts the first one and recommends HPA bounds from it.",
          "- id: request_rate\n  probe: prometheus.query_range\n  params:\n"
              + "    query: 'sum(rate(http_requests_total{namespace=$ns}[1h]))'\n"
              + "    args: {ns: nba-mcp}\n    range: 180d\n    step: 1d\n    forecast: 30d\n"
              + "    per_pod: 40\n    min_replicas: 2\n    max_replicas: 20",
          List.of(QUERY, ARGS, RANGE, STEP, POINTS, FORECAST, PER_POD, HEADROOM, MIN_REPLICAS, MAX_REPLICAS,
              RequestTimeout.PARAM),
          List.of("network: HTTP GET /api/v1/query_range on prometheus.url"));

  private final Optional<HttpTarget> base;
  private final BlockingHttp http;
  private final Clock clock;
  private final JsonBodies json = new JsonBodies();

  /**
   * @throws IllegalArgumentException when the URL is not a plain http(s) URL
   */
  public PrometheusRange(Optional<URI> prometheusUrl, BlockingHttp http, Clock clock) {
    this.base = prometheusUrl.map(PrometheusRange::checkBase);
    this.http = Objects.requireNonNull(http);
    this.clock = Objects.requireNonNull(clock);
  }

  private static HttpTarget checkBase(URI url) {
    try {
      return HttpTarget.of(url);
    } catch (UrlRefusedException e) {
      throw new IllegalArgumentException("prometheus.url: " + e.getMessage(), e);
    }
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public PrometheusRangeParams bind(Params params) throws ParamException {
    String query = PromqlTemplate.render(params.string("query"), params.stringMap("args"));
    Duration range = params.duration("range", Duration.ZERO);
    Optional<Duration> step = Optional.ofNullable(params.duration("step", null));
    long stepSeconds = RangeStep.choose(range, step, params.integer("points", 500));
    return new PrometheusRangeParams(
        query, range, stepSeconds, params.duration("timeout", RequestTimeout.DEFAULT), forecast(params));
  }

  private static Optional<RangeForecast> forecast(Params params) throws ParamException {
    Duration horizon = params.duration("forecast", null);
    boolean sizing = params.has("per_pod");
    if (horizon == null) {
      for (String name : List.of("per_pod", "headroom", "min_replicas", "max_replicas")) {
        if (params.has(name)) {
          throw new ParamException(name, "is only read with forecast");
        }
      }
      return Optional.empty();
    }
    int floor = (int) params.integer("min_replicas", 2);
    int ceiling = (int) params.integer("max_replicas", 20);
    if (ceiling < floor) {
      throw new ParamException("max_replicas", ceiling + " is below min_replicas " + floor);
    }
    return Optional.of(new RangeForecast(horizon, sizing ? Optional.of(new io.runbookd.forecast.Capacity.Policy(
        params.number("per_pod", 1), params.number("headroom", 0.2), floor, ceiling)) : Optional.empty()));
  }

  @Override
  public String system(PrometheusRangeParams params) {
    return "prometheus";
  }

  @Override
  public Finding run(PrometheusRangeParams p) throws Exception {
    HttpTarget prometheus =
        base.orElseThrow(() -> new RefusedException(PrometheusQuery.NOT_CONFIGURED));
    long end = clock.instant().getEpochSecond() / p.stepSeconds() * p.stepSeconds();
    long start = end - p.range().toSeconds();
    URI uri = rangeUri(prometheus.uri(), p.query(), start, end, p.stepSeconds());
    HttpAnswer answer =
        http.get(new HttpTarget(uri, prometheus.host(), prometheus.port()), p.timeout(), MAX_BODY);
    PromMatrix matrix = PromMatrix.read(PromResult.data(answer, json.parse(answer)), MAX_SERIES);
    Finding found = RangeFinding.of(matrix, start, end, p);
    if (p.forecast().isEmpty()) {
      return found;
    }
    java.util.Map<String, Object> data = new java.util.LinkedHashMap<>(found.data());
    java.util.Map<String, Object> forecast = p.forecast().get().data(matrix, p.stepSeconds());
    data.put("forecast", forecast);
    return new Finding(data, found.summary() + "; " + forecast.get("reason"));
  }

  /** {@code <base>/api/v1/query_range?query=…&start=…&end=…&step=…}, keeping a path prefix. */
  static URI rangeUri(URI base, String query, long start, long end, long step) {
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    String encoded = URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + path
            + "/api/v1/query_range?query="
            + encoded
            + "&start="
            + start
            + "&end="
            + end
            + "&step="
            + step);
  }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An instant query against {@code prometheus.url} ({@code GET /api/v1/query}): scalars and instant
 * vectors, which is also how {@code verify} checks "error rate below 1 % for 15 minutes" ({@code
 * max_over_time(...[15m:1m]) < 0.01}). Range vectors are refused with the reason.
 *
 * <p>Injection: the {@code query} is written literally in the rule. Alert text enters only through
 * {@code args}, each inserted at {@code $name} as an escaped string literal ({@link
 * PromqlTemplate}); never build the query itself with an expression over {@code alert}.
 *
 * <p>{@code NaN} and {@code ±Inf} samples are kept as {@code Double} NaN and infinities: every
 * comparison with NaN is false, so {@code value < 0.01} on a 0/0 error ratio does not pass.
 *
 * <p>Data: {@code result_type} ({@code vector}, {@code scalar}, {@code string}); {@code empty};
 * {@code count} (series of a vector, 1 for a scalar); {@code series} (the first {@value
 * #MAX_SERIES}: {@code labels} map and {@code value}); {@code truncated}; {@code value} (the
 * scalar, or the first sample), {@code max} and {@code min}, all absent when there is no sample;
 * {@code text} for a string result.
 */
public final class PrometheusQuery implements Probe<PrometheusQueryParams> {
  static final int MAX_BODY = 4 << 20;
  static final int MAX_SERIES = 100;
  static final String NOT_CONFIGURED = "prometheus.url is not configured";

  private static final Param QUERY =
      Param.required(
          "query",
          ParamType.STRING,
          "PromQL instant query, written literally; $name inserts args.name as a quoted string",
          PromqlTemplate.QUERY);
  private static final Param ARGS =
      Param.optional(
          "args",
          ParamType.STRING_MAP,
          "values for $name placeholders, e.g. {ns: {expr: alert.labels.namespace}}",
          PromqlTemplate.ARGS);
  private static final PluginInfo INFO =
      new PluginInfo(
          "prometheus.query",
          "Runs an instant PromQL query and reports its value, series, max and min.",
          "- id: errors\n  probe: prometheus.query\n  params:\n"
              + "    query: 'sum(rate(http_requests_total{namespace=$ns,code=~\"5..\"}[5m]))'\n"
              + "    args: {ns: nba-mcp}",
          List.of(QUERY, ARGS, RequestTimeout.PARAM),
          List.of("network: HTTP GET /api/v1/query on prometheus.url"));

  private final Optional<HttpTarget> base;
  private final BlockingHttp http;
  private final JsonBodies json = new JsonBodies();

  /**
   * @param prometheusUrl the configured {@code prometheus.url}; without it every run is refused
   * @param http the client; its redirects stay on Prometheus' host
   * @throws IllegalArgumentException when the URL is not a plain http(s) URL
   */
  public PrometheusQuery(Optional<URI> prometheusUrl, BlockingHttp http) {
    this.base = prometheusUrl.map(PrometheusQuery::checkBase);
    this.http = Objects.requireNonNull(http);
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
  public PrometheusQueryParams bind(Params params) throws ParamException {
    String query = PromqlTemplate.render(params.string("query"), params.stringMap("args"));
    return new PrometheusQueryParams(query, params.duration("timeout", RequestTimeout.DEFAULT));
  }

  @Override
  public String system(PrometheusQueryParams params) {
    return "prometheus";
  }

  @Override
  public Finding run(PrometheusQueryParams p) throws Exception {
    HttpTarget prometheus = base.orElseThrow(() -> new RefusedException(NOT_CONFIGURED));
    // Built from the checked base, not parsed again: an encoded query may pass 2,048 characters.
    HttpTarget target =
        new HttpTarget(queryUri(prometheus.uri(), p.query()), prometheus.host(), prometheus.port());
    HttpAnswer answer = http.get(target, p.timeout(), MAX_BODY);
    PromResult result = PromResult.read(answer, json.parse(answer));
    PromStats stats = PromStats.of(result.series());
    return new Finding(data(result, stats), PromSummary.of(result, stats));
  }

  /** {@code <base>/api/v1/query?query=...}, keeping a path prefix such as {@code /prometheus}. */
  static URI queryUri(URI base, String query) {
    String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    // URLEncoder writes spaces as '+', which not every decoder reads back as a space.
    String encoded = URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(
        base.getScheme()
            + "://"
            + base.getRawAuthority()
            + path
            + "/api/v1/query?query="
            + encoded);
  }

  private static Map<String, Object> data(PromResult result, PromStats stats) {
    List<PromResult.Series> series = result.series();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("result_type", result.type());
    data.put("empty", series.isEmpty() && result.text().isEmpty());
    data.put("count", (long) series.size());
    data.put("series", series.stream().limit(MAX_SERIES).map(PrometheusQuery::series).toList());
    data.put("truncated", series.size() > MAX_SERIES);
    if (!series.isEmpty()) {
      data.put("value", stats.first());
      data.put("max", stats.max());
      data.put("min", stats.min());
    }
    result.text().ifPresent(text -> data.put("text", text));
    return data;
  }

  private static Map<String, Object> series(PromResult.Series s) {
    return Map.of("labels", Map.copyOf(s.labels()), "value", s.value());
  }
}

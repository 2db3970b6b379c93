package io.runbookd.probes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.HttpAnswer;
import io.runbookd.http.JsonBodies;
import io.runbookd.http.RequestTimeout;
import io.runbookd.http.UrlRefusedException;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.Redaction;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code curl URL | jq}: GETs a health endpoint on a host of {@code http.allowedHosts} and picks
 * fields out of its JSON answer. Every HTTP status is a finding (a health endpoint answering 503 is
 * the diagnosis); only a target that cannot be reached or does not answer in time fails the probe.
 * At most {@value #MAX_BODY} bytes of the body are read.
 *
 * <p>Data: {@code status}; {@code ok} (status as expected); {@code json} (the body parsed as JSON);
 * {@code fields} (name to extracted value) and {@code missing} (names whose pointer found nothing
 * or null, all of them when the body is not JSON); {@code latency_ms}; {@code body_bytes} (bytes
 * read); {@code truncated} (the body went on past the limit); {@code redirects}.
 */
public final class HttpGet implements Probe<HttpGetParams> {
  static final int MAX_BODY = 1 << 20;

  private static final Param POINTERS =
      Param.optional(
          "pointers",
          ParamType.STRING_MAP,
          "fields to extract, name to JSON pointer, e.g. {db: /checks/db/status}",
          JsonFields.POINTERS);
  private static final Param EXPECT_STATUS =
      Param.optional(
          "expect_status",
          ParamType.INTEGER,
          "the status that counts as ok (default 200)",
          Checks.range(100, 599));

  private final AllowedHosts allowed;
  private final BlockingHttp http;
  private final JsonBodies json = new JsonBodies();
  private final PluginInfo info;

  public HttpGet(AllowedHosts allowed, BlockingHttp http) {
    this.allowed = Objects.requireNonNull(allowed);
    this.http = Objects.requireNonNull(http);
    Param url =
        Param.required(
            "url",
            ParamType.STRING,
            "http(s) URL on a host of http.allowedHosts, often {expr: vars.health_url}",
            allowed.urlCheck())
            .redacted(Redaction.URL);
    this.info =
        new PluginInfo(
            "http.get",
            "GETs a URL on an allowed host and extracts fields of its JSON answer.",
            "- id: health\n  probe: http.get\n  params:\n    url: {expr: vars.health_url}\n"
                + "    pointers: {status: /status, db: /checks/db/status}",
            List.of(url, POINTERS, EXPECT_STATUS, RequestTimeout.PARAM),
            List.of("network: HTTP GET to a host listed in http.allowedHosts"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public HttpGetParams bind(Params params) throws ParamException {
    try {
      return new HttpGetParams(
          allowed.target(params.string("url")),
          params.stringMap("pointers"),
          params.integer("expect_status", 200),
          params.duration("timeout", RequestTimeout.DEFAULT));
    } catch (UrlRefusedException e) {
      throw new ParamException("url", e.getMessage());
    }
  }

  @Override
  public String system(HttpGetParams params) {
    return params.target().system();
  }

  @Override
  public Finding run(HttpGetParams p) throws Exception {
    HttpAnswer answer = http.get(p.target(), p.timeout(), MAX_BODY);
    Optional<JsonNode> document = json.parse(answer);
    JsonFields.Extracted extracted = JsonFields.extract(document, p.pointers());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", (long) answer.status());
    data.put("ok", answer.status() == p.expectStatus());
    data.put("json", document.isPresent());
    data.put("fields", extracted.fields());
    data.put("missing", extracted.missing());
    data.put("latency_ms", answer.elapsed().toMillis());
    data.put("body_bytes", (long) answer.body().length);
    data.put("truncated", answer.truncated());
    data.put("redirects", (long) answer.redirects());
    return new Finding(data, HttpGetSummary.of(p, answer, document.isPresent(), extracted));
  }
}

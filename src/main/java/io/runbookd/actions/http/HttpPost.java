package io.runbookd.actions.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.http.AllowedHosts;
import io.runbookd.http.BlockingPost;
import io.runbookd.http.HttpAnswer;
import io.runbookd.http.RequestTimeout;
import io.runbookd.http.UrlRefusedException;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.Redaction;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * POSTs a small JSON object to an endpoint on a host of {@code http.allowedHosts}, e.g. RB-103's
 * "trigger model retraining" ({@code url: {expr: vars.retrain_url}}). The expected status (any 2xx
 * by default) is DONE; another 4xx or 3xx is FAILED with the status; 408, 429 and 5xx, and
 * transport failures, are thrown as failures to answer. Transient: it changes no state runbookd
 * could restore. The endpoint should honour {@code Idempotency-Key}, since a POST whose answer was
 * lost cannot be told from one never received; without a key it is not repeated.
 */
public final class HttpPost implements Action<HttpPostParams> {
  static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Param BODY =
      Param.optional(
          "body",
          ParamType.STRING_MAP,
          "a JSON object of text values, e.g. {model: nba_win_predictor} (default {})",
          HttpPost::bodyProblem)
          .redacted(Redaction.BODY);
  private static final Param IDEMPOTENCY_KEY =
      Param.optional(
          "idempotency_key",
          ParamType.STRING,
          "sent as Idempotency-Key: 1 to 128 of A-Z a-z 0-9 . _ : - (stable per incident,"
              + " e.g. built from alert labels)",
          value ->
              String.valueOf(value).matches("[A-Za-z0-9._:-]{1,128}")
                  ? Optional.empty()
                  : Optional.of("'" + Checks.clip(value) + "' is not 1 to 128 of A-Za-z0-9._:-"));
  private static final Param EXPECT_STATUS =
      Param.optional(
          "expect_status",
          ParamType.INTEGER,
          "the one status that counts as done (default: any 2xx)",
          Checks.range(200, 299));

  private final AllowedHosts allowed;
  private final BlockingPost http;
  private final PluginInfo info;

  public HttpPost(AllowedHosts allowed, BlockingPost http) {
    this.allowed = Objects.requireNonNull(allowed);
    this.http = Objects.requireNonNull(http);
    Param url =
        Param.required(
            "url",
            ParamType.STRING,
            "http(s) URL on a host of http.allowedHosts, often {expr: vars.retrain_url}",
            allowed.urlCheck())
            .redacted(Redaction.URL);
    this.info =
        new PluginInfo(
            "http.post",
            "POSTs a JSON object to an endpoint on an allowed host (e.g. to trigger retraining).",
            "- id: retrain\n  action: http.post\n  params:\n    url: {expr: vars.retrain_url}\n"
                + "    body: {model: nba_win_predictor}",
            List.of(url, BODY, IDEMPOTENCY_KEY, EXPECT_STATUS, RequestTimeout.PARAM),
            List.of("network: HTTP POST to a host listed in http.allowedHosts"));
  }

  @Override
  public PluginInfo info() {
    return info;
  }

  @Override
  public HttpPostParams bind(Params params) throws ParamException {
    try {
      long expect = params.integer("expect_status", 0);
      return new HttpPostParams(
          allowed.target(params.string("url")),
          params.stringMap("body"),
          params.optionalString("idempotency_key"),
          expect == 0 ? OptionalInt.empty() : OptionalInt.of((int) expect),
          params.duration("timeout", RequestTimeout.DEFAULT));
    } catch (UrlRefusedException e) {
      throw new ParamException("url", e.getMessage());
    }
  }

  @Override
  public Target target(HttpPostParams p) {
    return new Target(p.target().system(), "POST " + p.path(), Optional.empty());
  }

  @Override
  public String describe(HttpPostParams p) {
    return "POST "
        + p.target().display()
        + (p.body().isEmpty()
            ? " with an empty JSON object"
            : " with fields " + String.join(", ", p.body().keySet()));
  }

  @Override
  public Outcome execute(HttpPostParams p) throws Exception {
    Map<String, String> headers =
        p.idempotencyKey().map(k -> Map.of("Idempotency-Key", k)).orElse(Map.of());
    HttpAnswer answer =
        http.postJson(p.target(), JSON.writeValueAsBytes(p.body()), headers, p.timeout(), MAX_BODY);
    int status = answer.status();
    String what = "POST " + p.target().display() + " answered " + status;
    if (status == 408 || status == 429 || status >= 500) {
      // Like Alertmanager's notifiers: these say "not now", not "never".
      throw new IOException(what);
    }
    if (!p.success(status)) {
      return Outcome.failed(what + (status / 100 == 3 ? " (a redirect; not followed)" : ""));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("status", (long) status);
    data.put("url", p.target().display());
    data.put("latency_ms", answer.elapsed().toMillis());
    p.idempotencyKey().ifPresent(k -> data.put("idempotency_key", k));
    return Outcome.done(what, data);
  }

  /** What a POST did cannot be read back: the engine escalates rather than post again blindly. */
  @Override
  public Outcome recheck(HttpPostParams p, Instant startedAt) {
    return Outcome.unknown(
        "cannot tell whether POST "
            + p.target().display()
            + " started at "
            + startedAt
            + " was received: an HTTP POST cannot be read back");
  }

  /**
   * Not retried: {@code retrySafe()} cannot see whether this call carries an idempotency key, and
   * without one a repeat may trigger the work twice.
   */
  @Override
  public boolean retrySafe() {
    return false;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.TRANSIENT;
  }

  private static Optional<String> bodyProblem(Object value) {
    Map<?, ?> map = (Map<?, ?>) value;
    if (map.size() > 64) {
      return Optional.of("at most 64 fields, got " + map.size());
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (String.valueOf(e.getKey()).isEmpty() || String.valueOf(e.getKey()).length() > 256) {
        return Optional.of("field names must be 1 to 256 characters");
      }
      if (String.valueOf(e.getValue()).length() > 4096) {
        return Optional.of("values are limited to 4096 characters");
      }
    }
    return Optional.empty();
  }
}

package io.runbookd.probes.http;

import io.runbookd.http.HttpAnswer;
import io.runbookd.plugin.Checks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one line {@code http.get} leaves in the timeline: {@code GET https://api.nba-mcp.com/health →
 * 200 in 41 ms; status=degraded, db=ok}. The URL's query is left out (it may carry a token) and
 * values from the body are clipped, since the remote side chooses them.
 */
final class HttpGetSummary {
  private static final int MAX = 400;

  private HttpGetSummary() {}

  static String of(
      HttpGetParams p, HttpAnswer answer, boolean json, JsonFields.Extracted extracted) {
    StringBuilder s = new StringBuilder("GET ").append(p.target().display());
    s.append(" → ").append(answer.status());
    if (answer.status() != p.expectStatus()) {
      s.append(" (expected ").append(p.expectStatus()).append(')');
    }
    s.append(" in ").append(answer.elapsed().toMillis()).append(" ms");
    if (answer.redirects() > 0) {
      s.append(" after ").append(answer.redirects()).append(" redirect");
      s.append(answer.redirects() == 1 ? "" : "s");
    }
    if (!extracted.fields().isEmpty()) {
      s.append("; ").append(fields(extracted.fields()));
    }
    if (!p.pointers().isEmpty() && answer.truncated()) {
      s.append("; body over ").append(HttpGet.MAX_BODY >> 20).append(" MiB, not read");
    } else if (!p.pointers().isEmpty() && !json) {
      s.append("; body is not JSON");
    } else if (!extracted.missing().isEmpty()) {
      s.append("; missing: ").append(String.join(", ", extracted.missing()));
    }
    return s.length() > MAX ? s.substring(0, MAX) + "…" : s.toString();
  }

  private static String fields(Map<String, Object> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + shown(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String shown(Object value) {
    if (value instanceof Map<?, ?>) {
      return "{…}";
    }
    if (value instanceof List<?>) {
      return "[…]";
    }
    return Checks.clip(value);
  }
}

package io.runbookd.probes.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.http.HttpAnswer;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.RefusedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instant query's result as the Prometheus HTTP API returns it ({@code {"status": "success",
 * "data": {"resultType": "vector", "result": [{"metric": {...}, "value": [1697112000.123,
 * "0.012"]}]}}}). Sample values are strings on the wire; {@code NaN}, {@code +Inf} and {@code -Inf}
 * become the matching {@code Double}.
 *
 * @param type {@code vector}, {@code scalar} or {@code string}
 * @param series the samples of a vector; one, without labels, for a scalar
 * @param text the value of a {@code string} result
 */
record PromResult(String type, List<Series> series, Optional<String> text) {

  /** One sample: its labels and value. */
  record Series(Map<String, String> labels, double value) {}

  PromResult {
    series = List.copyOf(series);
  }

  /**
   * Reads an answer. Throws {@link RefusedException} when Prometheus answered that the query cannot
   * succeed (a 4xx, {@code status: error}, a range vector), {@link IOException} when it could not
   * answer (a 5xx: overloaded, query timed out).
   */
  static PromResult read(HttpAnswer answer, Optional<JsonNode> document)
      throws RefusedException, IOException {
    return result(data(answer, document));
  }

  /** The {@code data} of a successful answer; anything else is refused or thrown as by read. */
  static JsonNode data(HttpAnswer answer, Optional<JsonNode> document)
      throws RefusedException, IOException {
    if (answer.truncated()) {
      throw new RefusedException(
          "prometheus answer is over "
              + (answer.body().length >> 20)
              + " MiB; aggregate the query");
    }
    String error = document.map(PromResult::error).orElse("");
    if (answer.status() >= 500) {
      throw new IOException("prometheus answered " + answer.status() + error);
    }
    if (document.isEmpty() || !document.get().path("status").isTextual()) {
      throw new RefusedException(
          "prometheus answered " + answer.status() + " without API JSON; check prometheus.url");
    }
    if (!error.isEmpty() || answer.status() != 200) {
      throw new RefusedException("prometheus refused the query (" + answer.status() + ")" + error);
    }
    return document.get().path("data");
  }

  private static String error(JsonNode document) {
    if (!"error".equals(document.path("status").asText())) {
      return "";
    }
    return ": "
        + Checks.clip(document.path("errorType").asText("error"))
        + ": "
        + clip(document.path("error").asText(""));
  }

  /** Prometheus' own message, bounded: parse errors quote the query. */
  private static String clip(String message) {
    String line = message.replaceAll("\\p{Cntrl}", " ");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  private static PromResult result(JsonNode data) throws RefusedException {
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    return switch (type) {
      case "vector" -> new PromResult(type, vector(result), Optional.empty());
      case "scalar" ->
          new PromResult(type, List.of(new Series(Map.of(), sample(result))), Optional.empty());
      case "string" -> new PromResult(type, List.of(), Optional.of(result.path(1).asText("")));
      case "matrix" ->
          throw new RefusedException(
              "the query gives a range vector (matrix), but prometheus.query runs instant queries:"
                  + " reduce it, e.g. max_over_time(expr[15m])");
      default ->
          throw new RefusedException(
              "prometheus answered an unknown resultType '" + Checks.clip(type) + "'");
    };
  }

  private static List<Series> vector(JsonNode result) throws RefusedException {
    if (!result.isArray()) {
      throw new RefusedException("prometheus answered a vector without a result list");
    }
    List<Series> out = new ArrayList<>(result.size());
    for (JsonNode item : result) {
      Map<String, String> labels = new LinkedHashMap<>();
      item.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
      if (!item.has("value")) {
        throw new RefusedException(
            "prometheus answered a sample without a value (native histograms are not supported)");
      }
      out.add(new Series(labels, sample(item.path("value"))));
    }
    return out;
  }

  /** {@code [1697112000.123, "0.012"]}: the value is a string, which may be NaN or ±Inf. */
  static double sample(JsonNode pair) throws RefusedException {
    String text = pair.path(1).asText("");
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new RefusedException(
              "prometheus answered a malformed sample '" + Checks.clip(text) + "'");
        }
    }
  }
}

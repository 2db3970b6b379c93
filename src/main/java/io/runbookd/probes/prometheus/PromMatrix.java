package io.runbookd.probes.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.RefusedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A range query's result as the Prometheus HTTP API returns it: {@code {"resultType": "matrix",
 * "result": [{"metric": {...}, "values": [[1697112000, "0.012"], …]}]}}, timestamps in seconds
 * (possibly fractional), values as strings. Only the first {@code maxSeries} series are kept;
 * {@code count} says how many there were.
 */
record PromMatrix(List<Series> series, int count) {

  /** One series: its labels and its samples in time order. */
  record Series(Map<String, String> labels, List<Double> timestamps, List<Double> values) {
    Series {
      labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
      timestamps = List.copyOf(timestamps);
      values = List.copyOf(values);
    }
  }

  PromMatrix {
    series = List.copyOf(series);
  }

  static PromMatrix read(JsonNode data, int maxSeries) throws RefusedException {
    String type = data.path("resultType").asText("");
    if (!type.equals("matrix")) {
      throw new RefusedException(
          "prometheus answered resultType '" + Checks.clip(type) + "' to a range query");
    }
    JsonNode result = data.path("result");
    if (!result.isArray()) {
      throw new RefusedException("prometheus answered a matrix without a result list");
    }
    List<Series> out = new ArrayList<>();
    for (JsonNode item : result) {
      if (out.size() == maxSeries) {
        break;
      }
      out.add(series(item));
    }
    return new PromMatrix(out, result.size());
  }

  private static Series series(JsonNode item) throws RefusedException {
    if (!item.has("values")) {
      throw new RefusedException(
          "prometheus answered a series without values (native histograms are not supported)");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    item.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    List<Double> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (JsonNode pair : item.path("values")) {
      times.add(pair.path(0).asDouble(Double.NaN));
      values.add(PromResult.sample(pair));
    }
    return new Series(labels, times, values);
  }
}

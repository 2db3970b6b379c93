package io.runbookd.probes.prometheus;

import io.runbookd.probes.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code prometheus.query_range} reports: the series kept, their extremes, one line. */
final class RangeFinding {
  private RangeFinding() {}

  static Finding of(PromMatrix matrix, long start, long end, PrometheusRangeParams p) {
    Map<String, Object> data = new LinkedHashMap<>();
    List<PromMatrix.Series> series = matrix.series();
    data.put("result_type", "matrix");
    data.put("empty", series.isEmpty());
    data.put("count", (long) matrix.count());
    data.put("truncated", matrix.count() > series.size());
    data.put("start", start);
    data.put("end", end);
    data.put("step_seconds", p.stepSeconds());
    data.put("series", series.stream().map(RangeFinding::series).toList());
    double max = Double.NaN;
    double min = Double.NaN;
    long points = 0;
    for (PromMatrix.Series s : series) {
      for (double v : s.values()) {
        points++;
        if (!Double.isNaN(v)) {
          max = Double.isNaN(max) ? v : Math.max(max, v);
          min = Double.isNaN(min) ? v : Math.min(min, v);
        }
      }
    }
    if (points > 0) {
      List<Double> first = series.get(0).values();
      data.put("last", first.isEmpty() ? Double.NaN : first.get(first.size() - 1));
      data.put("max", max);
      data.put("min", min);
    }
    return new Finding(data, summary(matrix, p, points, max));
  }

  private static Map<String, Object> series(PromMatrix.Series s) {
    return Map.of("labels", s.labels(), "timestamps", s.timestamps(), "values", s.values());
  }

  private static String summary(
      PromMatrix matrix, PrometheusRangeParams p, long points, double max) {
    String window =
        " over "
            + RangeStep.words(p.range().toSeconds())
            + " at step "
            + RangeStep.words(p.stepSeconds());
    if (matrix.count() == 0) {
      return "prometheus range: empty result" + window;
    }
    return "prometheus range: "
        + matrix.count()
        + " series"
        + window
        + ", "
        + points
        + " points, max "
        + PromSummary.number(max)
        + (matrix.count() > matrix.series().size()
            ? " (first " + matrix.series().size() + " kept)"
            : "");
  }
}

package io.runbookd.probes.prometheus;

import java.util.List;

/**
 * The numbers conditions read most: the first value, and the largest and smallest ignoring NaN (a
 * series with no traffic divides 0 by 0; it must not hide the others). When every value is NaN, so
 * are max and min.
 *
 * @param maxAt the index of the series holding {@code max}
 */
record PromStats(double first, double max, double min, int maxAt) {

  static PromStats of(List<PromResult.Series> series) {
    if (series.isEmpty()) {
      return new PromStats(Double.NaN, Double.NaN, Double.NaN, -1);
    }
    double max = Double.NaN;
    double min = Double.NaN;
    int maxAt = 0;
    for (int i = 0; i < series.size(); i++) {
      double v = series.get(i).value();
      if (Double.isNaN(v)) {
        continue;
      }
      if (Double.isNaN(max) || v > max) {
        max = v;
        maxAt = i;
      }
      min = Double.isNaN(min) ? v : Math.min(min, v);
    }
    return new PromStats(series.get(0).value(), max, min, maxAt);
  }
}

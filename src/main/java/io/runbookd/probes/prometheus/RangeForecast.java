package io.runbookd.probes.prometheus;

import io.runbookd.forecast.Capacity;
import io.runbookd.forecast.Forecast;
import io.runbookd.forecast.LinearForecast;
import io.runbookd.forecast.Prediction;
import io.runbookd.forecast.Sample;
import io.runbookd.forecast.Trend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code prometheus.query_range} adds when asked to {@code forecast}: a straight-line trend
 * of the first series, forecast {@code horizon} ahead with 95 % prediction intervals ({@link
 * LinearForecast}), or the reason there is none (too short, too noisy); and, given the load one pod
 * carries, the HPA bounds that cover it ({@link Capacity}).
 *
 * @param horizon how far ahead
 * @param capacity the per-pod load, headroom and replica bounds; empty for a forecast alone
 */
record RangeForecast(Duration horizon, Optional<Capacity.Policy> capacity) {

  /** Points of the forecast kept in the data (for charts), at most. */
  static final int MAX_POINTS = 120;

  Map<String, Object> data(PromMatrix matrix, long stepSeconds) {
    List<Sample> samples = new ArrayList<>();
    if (!matrix.series().isEmpty()) {
      PromMatrix.Series first = matrix.series().get(0);
      for (int i = 0; i < first.values().size(); i++) {
        samples.add(new Sample(first.timestamps().get(i), first.values().get(i)));
      }
    }
    long stepsAhead = Math.max(1, horizon.toSeconds() / stepSeconds);
    int points = (int) Math.min(stepsAhead, MAX_POINTS);
    double spacing = horizon.toSeconds() / (double) points;
    Forecast forecast = LinearForecast.fit(samples, points, spacing);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("usable", forecast.usable());
    out.put("verdict", forecast.verdict().name().toLowerCase(java.util.Locale.ROOT));
    out.put("reason", forecast.reason());
    out.put("horizon_seconds", horizon.toSeconds());
    forecast.trend().ifPresent(t -> trend(out, t));
    forecast.horizon().ifPresent(p -> out.put("at_horizon", prediction(p)));
    out.put("points", forecast.predictions().stream().map(RangeForecast::prediction).toList());
    capacity.ifPresent(policy -> out.put("recommendation", recommendation(Capacity.recommend(forecast, policy))));
    return out;
  }

  private static void trend(Map<String, Object> out, Trend trend) {
    out.put("samples", (long) trend.n());
    out.put("slope_per_day", trend.slopePerDay());
    out.put("significant", trend.significant());
    out.put("r_squared", trend.rSquared());
  }

  private static Map<String, Object> prediction(Prediction p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("time", p.time());
    out.put("mean", p.mean());
    out.put("lower", p.lower());
    out.put("upper", p.upper());
    return out;
  }

  private static Map<String, Object> recommendation(Capacity.Recommendation r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("usable", r.usable());
    out.put("min_replicas", (long) r.minReplicas());
    out.put("max_replicas", (long) r.maxReplicas());
    out.put("capped", r.capped());
    out.put("reason", r.reason());
    return out;
  }
}

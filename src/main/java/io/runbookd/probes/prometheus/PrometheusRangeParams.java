package io.runbookd.probes.prometheus;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code prometheus.query_range} runs: the PromQL text with its {@code args} inserted, how far
 * back from now, the step in whole seconds (already checked against Prometheus' 11,000 points per
 * series), the bound for the whole request, and the forecast to make of it, if any.
 */
public record PrometheusRangeParams(
    String query, Duration range, long stepSeconds, Duration timeout, java.util.Optional<RangeForecast> forecast) {
  public PrometheusRangeParams {
    Objects.requireNonNull(query);
    Objects.requireNonNull(range);
    Objects.requireNonNull(timeout);
    Objects.requireNonNull(forecast);
  }

  /** A range query without a forecast. */
  public PrometheusRangeParams(String query, Duration range, long stepSeconds, Duration timeout) {
    this(query, range, stepSeconds, timeout, java.util.Optional.empty());
  }
}

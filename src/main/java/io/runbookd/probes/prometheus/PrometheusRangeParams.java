package io.runbookd.probes.prometheus;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code prometheus.query_range} runs: the PromQL text with its {@code args} inserted, how far
 * back from now, the step in whole seconds (already checked against Prometheus' 11,000 points per
 * series), and the bound for the whole request.
 */
public record PrometheusRangeParams(
    String query, Duration range, long stepSeconds, Duration timeout) {
  public PrometheusRangeParams {
    Objects.requireNonNull(query);
    Objects.requireNonNull(range);
    Objects.requireNonNull(timeout);
  }
}

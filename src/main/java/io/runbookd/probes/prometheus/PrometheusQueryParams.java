package io.runbookd.probes.prometheus;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code prometheus.query} runs: the PromQL text with its {@code args} already inserted as
 * quoted strings, and the bound for the whole request.
 */
public record PrometheusQueryParams(String query, Duration timeout) {
  public PrometheusQueryParams {
    Objects.requireNonNull(query);
    Objects.requireNonNull(timeout);
  }
}

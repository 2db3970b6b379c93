package io.runbookd.probes.aws;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * What {@code aws.cloudwatch_metric} reads: one statistic of one metric, per {@code period}, over
 * the last {@code window}. Dimensions are kept sorted by name so requests and summaries are the
 * same whatever order a rule wrote them in.
 */
public record CloudWatchMetricParams(
    String namespace,
    String metric,
    Map<String, String> dimensions,
    Statistic statistic,
    Duration period,
    Duration window) {
  public CloudWatchMetricParams {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(metric);
    dimensions = Collections.unmodifiableSortedMap(new TreeMap<>(dimensions));
    Objects.requireNonNull(statistic);
    Objects.requireNonNull(period);
    Objects.requireNonNull(window);
  }
}

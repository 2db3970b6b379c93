package io.runbookd.probes.aws;

import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsErrors;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * {@code aws cloudwatch get-metric-statistics} over the last {@code window} (RB-102 reads the RDS
 * instance's {@code CPUUtilization} this way): one statistic per period, in time order, with the
 * latest, highest, lowest and mean value for rule conditions.
 */
public final class CloudWatchMetric implements Probe<CloudWatchMetricParams> {
  /** The engine's bulkhead and circuit breaker key for every CloudWatch call. */
  public static final String SYSTEM = "aws:cloudwatch";

  static final String OPERATION = "CloudWatch GetMetricStatistics";
  static final Duration DEFAULT_PERIOD = Duration.ofMinutes(5);
  static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  static final List<Param> PARAMS =
      List.of(
          Param.required(
              "namespace", ParamType.STRING, "metric namespace, e.g. AWS/RDS", MetricChecks.NAME),
          Param.required(
              "metric", ParamType.STRING, "metric name, e.g. CPUUtilization", MetricChecks.NAME),
          Param.optional(
              "dimensions",
              ParamType.STRING_MAP,
              "dimension name to value, e.g. {DBInstanceIdentifier: nba-mcp-prod}",
              MetricChecks.DIMENSIONS),
          Param.optional(
              "statistic",
              ParamType.STRING,
              "Average (default), Maximum, Minimum, Sum or SampleCount",
              MetricChecks.STATISTIC),
          Param.optional(
              "period",
              ParamType.DURATION,
              "length of each datapoint, whole minutes (default 5m)",
              MetricChecks.PERIOD),
          Param.optional(
              "window",
              ParamType.DURATION,
              "how far back to read: at least the period, at most 24h (default 1h)",
              MetricChecks.WINDOW));

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.cloudwatch_metric",
          "Reads one statistic of a CloudWatch metric over a recent window (latest, max, min,"
              + " average).",
          "- id: db_cpu\n  probe: aws.cloudwatch_metric\n"
              + "  params: {namespace: AWS/RDS, metric: CPUUtilization,"
              + " dimensions: {DBInstanceIdentifier: nba-mcp-prod}, statistic: Average,"
              + " period: 5m, window: 1h}",
          PARAMS,
          List.of("IAM: cloudwatch:GetMetricStatistics"));

  private final AwsClients clients;
  private final Clock clock;

  public CloudWatchMetric(AwsClients clients, Clock clock) {
    this.clients = Objects.requireNonNull(clients);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public CloudWatchMetricParams bind(Params params) throws ParamException {
    Duration period = params.duration("period", DEFAULT_PERIOD);
    Duration window = params.duration("window", DEFAULT_WINDOW);
    if (window.compareTo(period) < 0) {
      throw new ParamException(
          "window",
          "must be at least the period ("
              + MetricChecks.format(period)
              + "), got "
              + MetricChecks.format(window));
    }
    return new CloudWatchMetricParams(
        params.string("namespace"),
        params.string("metric"),
        params.stringMap("dimensions"),
        Statistic.fromValue(params.optionalString("statistic").orElse("Average")),
        period,
        window);
  }

  @Override
  public String system(CloudWatchMetricParams params) {
    return SYSTEM;
  }

  @Override
  public Finding run(CloudWatchMetricParams p) throws Exception {
    Instant end = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    GetMetricStatisticsResponse response;
    try {
      response = clients.cloudWatch().getMetricStatistics(request(p, end.minus(p.window()), end));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(OPERATION, e);
    }
    MetricSeries series = MetricSeries.of(response.datapoints(), p.statistic());
    return new Finding(series.data(p.statistic()), summary(p) + ": " + series.describe());
  }

  static GetMetricStatisticsRequest request(CloudWatchMetricParams p, Instant start, Instant end) {
    return GetMetricStatisticsRequest.builder()
        .namespace(p.namespace())
        .metricName(p.metric())
        .dimensions(
            p.dimensions().entrySet().stream()
                .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build())
                .toList())
        .startTime(start)
        .endTime(end)
        .period(Math.toIntExact(p.period().toSeconds()))
        .statistics(p.statistic())
        .build();
  }

  /** E.g. {@code AWS/RDS CPUUtilization {DBInstanceIdentifier=nba-mcp-prod} Average over 1h}. */
  private static String summary(CloudWatchMetricParams p) {
    String dimensions =
        p.dimensions().isEmpty()
            ? ""
            : p.dimensions().entrySet().stream()
                .map(d -> Checks.clip(d.getKey()) + "=" + Checks.clip(d.getValue()))
                .collect(Collectors.joining(", ", " {", "}"));
    return p.namespace()
        + " "
        + p.metric()
        + dimensions
        + " "
        + p.statistic()
        + " over "
        + MetricChecks.format(p.window());
  }
}

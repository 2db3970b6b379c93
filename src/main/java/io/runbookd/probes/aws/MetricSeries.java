package io.runbookd.probes.aws;

import io.runbookd.plugin.Checks;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * The datapoints of one statistic in time order, and what rule conditions read from them.
 * CloudWatch returns datapoints in no particular order; a datapoint without the asked statistic (or
 * with a non-finite one) is left out rather than read as zero.
 */
record MetricSeries(List<Point> points) {

  /** One datapoint: its period's start, the statistic's value, and CloudWatch's unit name. */
  record Point(Instant at, double value, String unit) {
    Map<String, Object> toData() {
      return Map.of("timestamp", at.toString(), "value", value, "unit", unit);
    }
  }

  MetricSeries {
    points = List.copyOf(points);
  }

  static MetricSeries of(List<Datapoint> datapoints, Statistic statistic) {
    return new MetricSeries(
        datapoints.stream()
            .filter(dp -> dp.timestamp() != null)
            .filter(dp -> value(dp, statistic) != null && Double.isFinite(value(dp, statistic)))
            .map(dp -> new Point(dp.timestamp(), value(dp, statistic), unit(dp)))
            .sorted(Comparator.comparing(Point::at))
            .toList());
  }

  private static Double value(Datapoint dp, Statistic statistic) {
    return switch (statistic) {
      case AVERAGE -> dp.average();
      case MAXIMUM -> dp.maximum();
      case MINIMUM -> dp.minimum();
      case SUM -> dp.sum();
      case SAMPLE_COUNT -> dp.sampleCount();
      default -> null;
    };
  }

  /** The unit is the service's text: bounded and single-line like any other. */
  private static String unit(Datapoint dp) {
    return Checks.clip(Objects.requireNonNullElse(dp.unitAsString(), "None"));
  }

  /** {@code latest}, {@code max}, {@code min}, {@code average} and {@code unit} only with data. */
  Map<String, Object> data(Statistic statistic) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("datapoints", points.stream().map(Point::toData).toList());
    data.put("count", (long) points.size());
    data.put("statistic", statistic.toString());
    if (!points.isEmpty()) {
      data.put("latest", latest().value());
      data.put("max", max());
      data.put("min", points.stream().mapToDouble(Point::value).min().orElseThrow());
      data.put("average", points.stream().mapToDouble(Point::value).average().orElseThrow());
      data.put("unit", latest().unit());
    }
    return data;
  }

  /** E.g. {@code latest 92.5%, max 97.1% (12 points)}, or {@code no datapoints}. */
  String describe() {
    if (points.isEmpty()) {
      return "no datapoints";
    }
    String unit = suffix(latest().unit());
    return "latest "
        + number(latest().value())
        + unit
        + ", max "
        + number(max())
        + unit
        + " ("
        + points.size()
        + (points.size() == 1 ? " point)" : " points)");
  }

  private Point latest() {
    return points.get(points.size() - 1);
  }

  private double max() {
    return points.stream().mapToDouble(Point::value).max().orElseThrow();
  }

  private static String suffix(String unit) {
    return switch (unit) {
      case "Percent" -> "%";
      case "None", "Count" -> "";
      default -> " " + unit;
    };
  }

  /** Four significant digits below 1000, whole numbers above: a summary, not the data. */
  static String number(double value) {
    BigDecimal exact = BigDecimal.valueOf(value);
    BigDecimal shown =
        Math.abs(value) >= 1000
            ? exact.setScale(0, java.math.RoundingMode.HALF_UP)
            : exact.round(new MathContext(4));
    return shown.stripTrailingZeros().toPlainString();
  }
}

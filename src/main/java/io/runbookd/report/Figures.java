package io.runbookd.report;

import io.runbookd.forecast.Numbers;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;

/**
 * The numbers behind a chart, as a table under it: for each line its first and last points, its
 * lowest and highest value and how many points it has; for the band its range at the last time.
 * What the chart shows can be read, and checked, without looking at the picture.
 */
final class Figures {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private Figures() {}

  static Report.Table of(Chart chart) {
    List<List<String>> rows = new ArrayList<>();
    for (Chart.Line line : chart.lines()) {
      rows.add(line(line));
    }
    chart.band().filter(b -> !b.ranges().isEmpty()).ifPresent(band -> rows.add(band(band)));
    String unit = chart.unit().isEmpty() ? "" : " (" + chart.unit() + ")";
    return new Report.Table(
        List.of("series", "points", "first", "last", "min" + unit, "max" + unit), rows);
  }

  private static List<String> line(Chart.Line line) {
    List<Chart.Point> points = line.points();
    if (points.isEmpty()) {
      return List.of(line.name(), "0", "", "", "", "");
    }
    DoubleSummaryStatistics stats =
        points.stream()
            .mapToDouble(Chart.Point::value)
            .filter(Double::isFinite)
            .summaryStatistics();
    return List.of(
        line.name(),
        Integer.toString(points.size()),
        point(points.get(0)),
        point(points.get(points.size() - 1)),
        stats.getCount() == 0 ? "" : Numbers.format(stats.getMin()),
        stats.getCount() == 0 ? "" : Numbers.format(stats.getMax()));
  }

  private static List<String> band(Chart.Band band) {
    Chart.Range last = band.ranges().get(band.ranges().size() - 1);
    return List.of(
        band.name(),
        Integer.toString(band.ranges().size()),
        "",
        time(last.time())
            + ": "
            + Numbers.format(last.lower())
            + " to "
            + Numbers.format(last.upper()),
        Numbers.format(band.ranges().stream().mapToDouble(Chart.Range::lower).min().orElseThrow()),
        Numbers.format(band.ranges().stream().mapToDouble(Chart.Range::upper).max().orElseThrow()));
  }

  private static String point(Chart.Point p) {
    return time(p.time()) + ": " + Numbers.format(p.value());
  }

  static String time(double epochSeconds) {
    return TIME.format(Instant.ofEpochMilli(Math.round(epochSeconds * 1000)));
  }
}

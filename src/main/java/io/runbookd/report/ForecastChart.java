package io.runbookd.report;

import io.runbookd.forecast.Forecast;
import io.runbookd.forecast.Prediction;
import io.runbookd.forecast.Sample;
import io.runbookd.forecast.Trend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The chart of a forecast: the observed series, the fitted trend across it and the horizon, the
 * forecast and its 95 % prediction band. A refused forecast charts the observations (and the trend,
 * if one was fitted) only; its reason belongs in the text beside it.
 */
public final class ForecastChart {
  private ForecastChart() {}

  public static Chart of(
      String title, String unit, String name, List<Sample> observed, Forecast forecast) {
    List<Chart.Line> lines = new ArrayList<>();
    lines.add(
        new Chart.Line(
            name,
            Chart.Style.OBSERVED,
            observed.stream().map(s -> new Chart.Point(s.time(), s.value())).toList()));
    List<Prediction> ahead = forecast.predictions();
    forecast
        .trend()
        .filter(t -> !observed.isEmpty())
        .ifPresent(trend -> lines.add(trendLine(trend, observed, ahead)));
    if (ahead.isEmpty()) {
      return new Chart(title, unit, lines, Optional.empty());
    }
    lines.add(
        new Chart.Line(
            "forecast",
            Chart.Style.FORECAST,
            ahead.stream().map(p -> new Chart.Point(p.time(), p.mean())).toList()));
    Chart.Band band =
        new Chart.Band(
            "95% prediction interval",
            ahead.stream().map(p -> new Chart.Range(p.time(), p.lower(), p.upper())).toList());
    return new Chart(title, unit, lines, Optional.of(band));
  }

  /** The line from the first observation to the horizon (or the last observation). */
  private static Chart.Line trendLine(Trend trend, List<Sample> observed, List<Prediction> ahead) {
    double first = observed.stream().mapToDouble(Sample::time).min().orElseThrow();
    double last =
        ahead.isEmpty()
            ? observed.stream().mapToDouble(Sample::time).max().orElseThrow()
            : ahead.get(ahead.size() - 1).time();
    return new Chart.Line(
        "trend",
        Chart.Style.TREND,
        List.of(new Chart.Point(first, trend.at(first)), new Chart.Point(last, trend.at(last))));
  }
}

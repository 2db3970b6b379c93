package io.runbookd.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A time chart: lines (observed series, fitted trend, forecast) and, optionally, a band (the
 * forecast's prediction interval). Times are seconds since the epoch, shown in UTC.
 *
 * @param unit the values' unit, for the axis and the figures table, e.g. {@code req/s}
 */
public record Chart(String title, String unit, List<Line> lines, Optional<Band> band)
    implements Report.Block {
  public Chart {
    Objects.requireNonNull(title);
    Objects.requireNonNull(unit);
    lines = List.copyOf(lines);
    Objects.requireNonNull(band);
  }

  /** How a line is drawn. */
  public enum Style {
    OBSERVED,
    TREND,
    FORECAST
  }

  /** One observation or computed value. */
  public record Point(double time, double value) {}

  /** A named line. */
  public record Line(String name, Style style, List<Point> points) {
    public Line {
      Objects.requireNonNull(name);
      Objects.requireNonNull(style);
      points = List.copyOf(points);
    }
  }

  /** A shaded range over time, e.g. a 95 % prediction interval. */
  public record Band(String name, List<Range> ranges) {
    public Band {
      Objects.requireNonNull(name);
      ranges = List.copyOf(ranges);
    }
  }

  /** The band at one time. */
  public record Range(double time, double lower, double upper) {}
}

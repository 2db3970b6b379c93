package io.runbookd.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Draws a {@link Chart} server-side with JFreeChart into SVG (JFreeSVG), for inlining in a page: no
 * script, no external reference. JFreeSVG escapes the text it draws; its namespace declarations
 * (URIs that are names, not links, and unneeded inside HTML) are removed so the page names no URL.
 */
final class SvgChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 320;
  private static final Pattern NAMESPACES = Pattern.compile(" xmlns(:[a-z]+)?='[^']*'");
  private static final Color OBSERVED = new Color(0x1f, 0x4e, 0x79);
  private static final Color TREND = new Color(0x6b, 0x6b, 0x6b);
  private static final Color FORECAST = new Color(0xc0, 0x5a, 0x00);

  static {
    // A daemon has no display; say so before the first AWT call, unless the JVM was told otherwise.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private SvgChart() {}

  /** The chart as an {@code <svg>} element; {@code id} keeps its clip paths apart from others. */
  static String render(Chart chart, String id) {
    JFreeChart jfree =
        new JFreeChart(chart.title(), new Font("SansSerif", Font.BOLD, 14), plot(chart), true);
    jfree.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
    g.setDefsKeyPrefix(id + "-");
    jfree.draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
    String svg = g.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    return NAMESPACES
        .matcher(svg)
        .replaceAll("")
        .replaceFirst("<svg ", "<svg role='img' aria-label='" + Html.escape(chart.title()) + "' ");
  }

  private static XYPlot plot(Chart chart) {
    DateAxis time = new DateAxis("time (UTC)", TimeZone.getTimeZone("UTC"), Locale.ROOT);
    NumberAxis value = new NumberAxis(chart.unit());
    value.setAutoRangeIncludesZero(false);
    XYSeriesCollection lines = new XYSeriesCollection();
    XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, false);
    for (Chart.Line line : chart.lines()) {
      XYSeries series = new XYSeries(line.name(), false, true);
      line.points().forEach(p -> series.add(p.time() * 1000, finite(p.value())));
      int index = lines.getSeriesCount();
      lines.addSeries(series);
      style(lineRenderer, index, line.style());
    }
    XYPlot plot = new XYPlot(lines, time, value, lineRenderer);
    chart.band().ifPresent(band -> addBand(plot, band));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    return plot;
  }

  private static void style(XYLineAndShapeRenderer renderer, int index, Chart.Style style) {
    switch (style) {
      case OBSERVED -> {
        renderer.setSeriesPaint(index, OBSERVED);
        renderer.setSeriesStroke(index, new BasicStroke(1.5f));
      }
      case TREND -> {
        renderer.setSeriesPaint(index, TREND);
        renderer.setSeriesStroke(index, dashed(6f));
      }
      case FORECAST -> {
        renderer.setSeriesPaint(index, FORECAST);
        renderer.setSeriesStroke(index, dashed(3f));
      }
    }
  }

  /** The band behind the lines, drawn by JFreeChart's deviation renderer. */
  private static void addBand(XYPlot plot, Chart.Band band) {
    YIntervalSeries series = new YIntervalSeries(band.name(), false, true);
    for (Chart.Range r : band.ranges()) {
      if (Double.isFinite(r.lower()) && Double.isFinite(r.upper())) {
        series.add(r.time() * 1000, (r.lower() + r.upper()) / 2, r.lower(), r.upper());
      }
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(series);
    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setSeriesPaint(0, FORECAST);
    renderer.setSeriesFillPaint(0, new Color(0xf5, 0xc2, 0x93));
    renderer.setSeriesStroke(0, new BasicStroke(0f));
    renderer.setAlpha(0.45f);
    // REVERSE draws the band (dataset 1) first, under the lines
    plot.setDataset(1, data);
    plot.setRenderer(1, renderer);
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.REVERSE);
  }

  private static BasicStroke dashed(float dash) {
    return new BasicStroke(
        1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {dash, dash}, 0f);
  }

  /** A gap for NaN and infinities, which no axis can place. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

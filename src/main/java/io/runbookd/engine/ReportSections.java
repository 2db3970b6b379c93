package io.runbookd.engine;

import io.runbookd.forecast.Numbers;
import io.runbookd.incident.Incident;
import io.runbookd.report.Chart;
import io.runbookd.report.Report;
import io.runbookd.rules.Expression;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.ReportSpec;
import io.runbookd.rules.StepContext;
import io.runbookd.store.StepRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A report's sections from what the runbook found: its text (literal or computed), charts of its
 * range probes (with their forecast), tables of its probes' rows, and the run itself. Data that is
 * missing (a probe that failed) shows as a sentence saying so, never as an empty chart.
 */
final class ReportSections {
  private static final int MAX_ROWS = 200;

  private ReportSections() {}

  static List<Report.Section> written(ReportSpec spec, StepContext context) {
    List<Report.Section> out = new ArrayList<>();
    for (ReportSpec.Section section : spec.sections()) {
      List<Report.Block> blocks = new ArrayList<>();
      section.text().ifPresent(text -> blocks.add(new Report.Text(text(text, context))));
      section.chart().ifPresent(chart -> blocks.addAll(chart(section.heading(), chart, context)));
      section.table().ifPresent(table -> blocks.add(table(table, context)));
      out.add(new Report.Section(section.heading(), blocks));
    }
    return out;
  }

  private static String text(ParamValue value, StepContext context) {
    if (value instanceof ParamValue.Literal literal) {
      return String.valueOf(literal.value());
    }
    Expression expression = ((ParamValue.Expr) value).expression();
    try {
      return String.valueOf(expression.evaluate(context));
    } catch (Expression.EvaluationException e) {
      return "(not available: " + e.getMessage() + ")";
    }
  }

  private static List<Report.Block> chart(String title, ReportSpec.ChartOf of, StepContext context) {
    Map<String, Object> data = context.probes().get(of.probe());
    List<?> series = data == null ? List.of() : list(data.get("series"));
    if (series.isEmpty() || !(series.get(0) instanceof Map<?, ?> first)) {
      return List.of(new Report.Text("No data: probe " + of.probe() + (data == null ? " did not answer." : " found no series.")));
    }
    List<Chart.Line> lines = new ArrayList<>();
    lines.add(new Chart.Line(of.probe(), Chart.Style.OBSERVED, points(list(first.get("timestamps")),
        list(first.get("values")))));
    Optional<Chart.Band> band = Optional.empty();
    List<Report.Block> out = new ArrayList<>();
    if (data.get("forecast") instanceof Map<?, ?> forecast) {
      List<?> ahead = list(forecast.get("points"));
      if (!ahead.isEmpty()) {
        lines.add(new Chart.Line("forecast", Chart.Style.FORECAST, ahead.stream().map(p -> (Map<?, ?>) p)
            .map(p -> new Chart.Point(number(p.get("time")), number(p.get("mean")))).toList()));
        band = Optional.of(new Chart.Band("95% prediction interval", ahead.stream().map(p -> (Map<?, ?>) p)
            .map(p -> new Chart.Range(number(p.get("time")), number(p.get("lower")), number(p.get("upper"))))
            .toList()));
      }
      out.add(new Report.Text(String.valueOf(forecast.get("reason"))));
      if (forecast.get("recommendation") instanceof Map<?, ?> recommendation) {
        out.add(new Report.Text("Recommendation: " + recommendation.get("reason")));
      }
    }
    out.add(0, new Chart(title, of.unit(), lines, band));
    return out;
  }

  private static Report.Block table(ReportSpec.TableOf of, StepContext context) {
    Map<String, Object> data = context.probes().get(of.probe());
    if (data == null) {
      return new Report.Text("No data: probe " + of.probe() + " did not answer.");
    }
    List<List<String>> rows = new ArrayList<>();
    for (Object row : list(data.get(of.field()))) {
      if (row instanceof Map<?, ?> map && rows.size() < MAX_ROWS) {
        rows.add(of.columns().stream().map(c -> cell(map.get(c))).toList());
      }
    }
    return new Report.Table(of.columns(), rows);
  }

  /** How the run went: who or what started it, where it ended, and every step with its outcome. */
  static Report.Section run(Incident incident, Map<String, StepRecord> steps) {
    List<List<String>> rows = new ArrayList<>();
    steps.forEach((key, step) -> {
      if (!key.equals(RunReports.STEP) && !key.endsWith(":window")) {
        rows.add(List.of(key, step.status(), step.detail().orElse("")));
      }
    });
    String started = incident.trigger().kind().equals("alert") ? "Started by alert " + incident.alertname()
        : "A " + incident.trigger().kind() + " run";
    return new Report.Section("The run", List.of(
        new Report.Text(started + " at " + incident.createdAt() + "; incident " + incident.id() + " is "
            + incident.status().wire() + "."),
        new Report.Table(List.of("step", "status", "detail"), rows)));
  }

  private static String cell(Object value) {
    return value instanceof Double d ? Numbers.format(d) : value == null ? "" : String.valueOf(value);
  }

  private static List<Chart.Point> points(List<?> times, List<?> values) {
    List<Chart.Point> out = new ArrayList<>();
    for (int i = 0; i < Math.min(times.size(), values.size()); i++) {
      double v = number(values.get(i));
      if (!Double.isNaN(v)) {
        out.add(new Chart.Point(number(times.get(i)), v));
      }
    }
    return out;
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}

package io.runbookd.rules;

import java.util.List;
import java.util.Optional;

/**
 * The {@code report} section: a page the runbook leaves behind (RB-202's capacity report, RB-201's
 * weekly one), built from its probes' data once they answered and again when the run ends, stored
 * by the daemon and listed at {@code GET /api/v1/reports}. After the sections written here comes
 * one the engine adds: how the run went, step by step.
 *
 * @param title the page's title
 */
public record ReportSpec(String title, List<Section> sections) {
  public ReportSpec {
    sections = List.copyOf(sections);
  }

  /**
   * A heading and what follows it: text, a chart of a probe's series, a table of a probe's rows.
   *
   * @param text literal, or an expression over probes, params and vars ({@code {expr: ...}})
   */
  public record Section(String heading, Optional<ParamValue> text, Optional<ChartOf> chart,
      Optional<TableOf> table) {}

  /**
   * The first series of probe {@code probe} ({@code prometheus.query_range}: its {@code series}),
   * with its forecast and prediction band when the probe forecast.
   */
  public record ChartOf(String probe, String unit) {}

  /** The list {@code field} of probe {@code probe}'s data (maps), one row each, these columns. */
  public record TableOf(String probe, String field, List<String> columns) {
    public TableOf {
      columns = List.copyOf(columns);
    }
  }
}

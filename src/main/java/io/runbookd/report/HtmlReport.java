package io.runbookd.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders a {@link Report} to one self-contained HTML page: inline CSS, charts as inline SVG, no
 * script, no external reference (it opens offline and under a strict Content-Security-Policy that
 * allows inline styles). Every text is escaped. Readable on a phone; tables scroll sideways.
 */
public final class HtmlReport {
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final String CSS =
      "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1b1b;"
          + "max-width:60rem;margin:0 auto;padding:1rem}"
          + "h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin-top:2rem;"
          + "border-bottom:1px solid #ccc}.created{color:#555}"
          + "figure{margin:1rem 0}figure svg{width:100%;height:auto;display:block}"
          + "figcaption{font-weight:600;margin-bottom:.3rem}"
          + ".scroll{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}"
          + "th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}"
          + "th{background:#f2f2f2}p{white-space:pre-wrap}";

  private HtmlReport() {}

  public static String render(Report report) {
    StringBuilder out = new StringBuilder(64 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(Html.escape(report.title()))
        .append("</title>\n")
        .append("<style>")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<header><h1>")
        .append(Html.escape(report.title()))
        .append("</h1><p class=\"created\">")
        .append(CREATED.format(report.created()))
        .append("</p></header>\n");
    int charts = 0;
    for (Report.Section section : report.sections()) {
      out.append("<section>\n<h2>").append(Html.escape(section.heading())).append("</h2>\n");
      for (Report.Block block : section.blocks()) {
        if (block instanceof Report.Text text) {
          out.append("<p>").append(Html.escape(text.text())).append("</p>\n");
        } else if (block instanceof Report.Table table) {
          table(out, table);
        } else if (block instanceof Chart chart) {
          chart(out, chart, "chart" + ++charts);
        }
      }
      out.append("</section>\n");
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static void chart(StringBuilder out, Chart chart, String id) {
    out.append("<figure>\n<figcaption>")
        .append(Html.escape(chart.title()))
        .append("</figcaption>\n")
        .append(SvgChart.render(chart, id))
        .append('\n');
    table(out, Figures.of(chart));
    out.append("</figure>\n");
  }

  private static void table(StringBuilder out, Report.Table table) {
    out.append("<div class=\"scroll\"><table>\n<thead><tr>");
    table
        .header()
        .forEach(h -> out.append("<th scope=\"col\">").append(Html.escape(h)).append("</th>"));
    out.append("</tr></thead>\n<tbody>\n");
    for (var row : table.rows()) {
      out.append("<tr>");
      row.forEach(cell -> out.append("<td>").append(Html.escape(cell)).append("</td>"));
      out.append("</tr>\n");
    }
    out.append("</tbody></table></div>\n");
  }
}

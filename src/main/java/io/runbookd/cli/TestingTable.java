package io.runbookd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbook testing table, as the seed document keeps it (Runbook | Last Tested | Next Test |
 * Status), from {@code GET /api/v1/runbooks}: dates in UTC, a Markdown table with aligned columns.
 */
final class TestingTable {
  private static final String[] HEADER = {"Runbook", "Last Tested", "Next Test", "Status"};

  private TestingTable() {}

  static String of(List<JsonNode> runbooks) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (JsonNode runbook : runbooks) {
      JsonNode drill = runbook.path("drill");
      String status = drill.path("status").asText();
      rows.add(new String[] {runbook.path("id").asText(), date(drill.path("lastTested"), "never"),
          date(drill.path("nextTest"), status.equals("ACTIVE") ? "N/A" : "now"), status});
    }
    int[] widths = new int[HEADER.length];
    rows.forEach(r -> {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    });
    StringBuilder out = new StringBuilder();
    line(out, rows.get(0), widths);
    out.append('|');
    for (int width : widths) {
      out.append("-".repeat(width + 2)).append('|');
    }
    out.append('\n');
    rows.subList(1, rows.size()).forEach(r -> line(out, r, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
    }
    out.append('\n');
  }

  /** {@code 2025-10-01} from an instant; {@code absent} when there is none. */
  private static String date(JsonNode at, String absent) {
    String text = at.isTextual() ? at.asText() : "";
    return text.length() >= 10 ? text.substring(0, 10) : absent;
  }
}

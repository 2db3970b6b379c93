package io.runbookd.probes.sql;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Rows;
import io.runbookd.sql.Session;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query configured under {@code queries.NAME} (e.g. RB-101's error distribution): its rows as
 * they are, at most {@code limit}. The SQL is the operator's; {@code args} are bound to its
 * placeholders in the declared order.
 */
record RowsReport(String name, String sql, List<Object> args, int limit) implements Report {
  RowsReport {
    args = List.copyOf(args);
  }

  @Override
  public Finding read(Session session, String datasource) throws SQLException {
    Rows rows = session.select(sql, args, limit);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("rows", rows.rows());
    data.put("count", (long) rows.rows().size());
    data.put("truncated", rows.truncated());
    return new Finding(data, summary(datasource, rows));
  }

  private String summary(String datasource, Rows rows) {
    String head =
        datasource
            + ": "
            + name
            + " returned "
            + Reports.plural(rows.rows().size(), "row", "rows")
            + (rows.truncated() ? " (more not read)" : "");
    if (rows.rows().isEmpty()) {
      return head;
    }
    // The columns, not the values: rows are recorded redacted (see SqlQuery's sensitive data).
    String columns = String.join(", ", rows.rows().get(0).keySet());
    return head + "; columns: " + Reports.oneLine(columns, 120);
  }
}

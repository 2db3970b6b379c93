package io.runbookd.probes.sql;

import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.sql.Session;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code slow_statements}: RB-102's first step, statements of the datasource's database whose mean
 * execution time in {@code pg_stat_statements} is above {@code thresholdMs}, slowest first. Needs
 * the extension (PostgreSQL 13 or later column names).
 */
record SlowStatementsReport(double thresholdMs, int limit) implements Report {
  static final String SQL =
      """
      SELECT query, calls, mean_exec_time AS mean_ms, total_exec_time AS total_ms,
             count(*) OVER () AS matching
      FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND mean_exec_time > ?
      ORDER BY mean_exec_time DESC
      LIMIT ?""";

  @Override
  public Finding read(Session session, String datasource) throws SQLException, RefusedException {
    List<Map<String, Object>> rows;
    try {
      rows = session.select(SQL, List.of(thresholdMs, (long) limit), limit).rows();
    } catch (SQLException e) {
      // 42P01: the view does not exist here; 55000: the library is not preloaded.
      if ("42P01".equals(e.getSQLState()) || "55000".equals(e.getSQLState())) {
        throw new RefusedException(
            datasource
                + ": pg_stat_statements is not available: CREATE EXTENSION pg_stat_statements is"
                + " needed in the database, with pg_stat_statements in shared_preload_libraries");
      }
      throw e;
    }
    List<Map<String, Object>> statements =
        rows.stream().map(r -> Reports.pick(r, "query", "calls", "mean_ms", "total_ms")).toList();
    double worst = rows.isEmpty() ? 0.0 : Reports.doubleOf(rows.get(0).get("mean_ms"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("statements", statements);
    data.put("count", Reports.matching(rows));
    data.put("worst_mean_ms", worst);
    data.put("threshold_ms", thresholdMs);
    return new Finding(data, summary(datasource, rows));
  }

  private String summary(String datasource, List<Map<String, Object>> rows) {
    String threshold = Reports.number(thresholdMs) + " ms";
    if (rows.isEmpty()) {
      return datasource + ": no statement averages over " + threshold + " (pg_stat_statements)";
    }
    Map<String, Object> worst = rows.get(0);
    return datasource
        + ": "
        + Reports.plural(Reports.matching(rows), "statement averages", "statements average")
        + " over "
        + threshold
        + "; worst "
        + Math.round(Reports.doubleOf(worst.get("mean_ms")))
        + " ms mean over "
        + Reports.plural(Reports.longOf(worst.get("calls")), "call", "calls")
        + ": "
        + Reports.oneLine(worst.get("query"), 80);
  }
}

package io.runbookd.probes.sql;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Session;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code long_transactions}: sessions of the datasource's database whose transaction has been open
 * for at least {@code minSeconds}, oldest first. They hold locks and keep vacuum from cleaning up;
 * idle ones are what a terminate action would end. runbookd's own session is left out.
 */
record LongTransactionsReport(long minSeconds, int limit) implements Report {
  static final String SQL =
      """
      SELECT pid, usename, datname, state, backend_start,
             extract(epoch FROM clock_timestamp() - xact_start)::float8 AS xact_age_seconds,
             query, application_name, count(*) OVER () AS matching
      FROM pg_stat_activity
      WHERE xact_start IS NOT NULL
        AND backend_type = 'client backend'
        AND datname = current_database()
        AND pid <> pg_backend_pid()
        AND xact_start <= clock_timestamp() - make_interval(secs => ?)
      ORDER BY xact_start, pid
      LIMIT ?""";

  @Override
  public Finding read(Session session, String datasource) throws SQLException {
    List<Map<String, Object>> rows =
        session.select(SQL, List.of((double) minSeconds, (long) limit), limit).rows();
    List<Map<String, Object>> transactions =
        rows.stream()
            .map(
                r ->
                    Reports.pick(
                        r,
                        "pid",
                        "usename",
                        "datname",
                        "state",
                        "backend_start",
                        "xact_age_seconds",
                        "query",
                        "application_name"))
            .toList();
    double oldest = rows.isEmpty() ? 0.0 : Reports.doubleOf(rows.get(0).get("xact_age_seconds"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("transactions", transactions);
    data.put("count", Reports.matching(rows));
    data.put("oldest_seconds", oldest);
    return new Finding(data, summary(datasource, rows));
  }

  private String summary(String datasource, List<Map<String, Object>> rows) {
    String age = minSeconds + " s or more";
    if (rows.isEmpty()) {
      return datasource + ": no transaction open for " + age;
    }
    Map<String, Object> oldest = rows.get(0);
    return datasource
        + ": "
        + Reports.plural(Reports.matching(rows), "transaction", "transactions")
        + " open for "
        + age
        + "; oldest "
        + Math.round(Reports.doubleOf(oldest.get("xact_age_seconds")))
        + " s, pid "
        + oldest.get("pid")
        + " ("
        + Reports.oneLine(oldest.get("state"), 40)
        + ")";
  }
}

package io.runbookd.probes.sql;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Session;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code connections}: client connections of the whole server against {@code max_connections}, by
 * state, and how many wait on a lock: the signs of pool exhaustion (RB-101 cause A). Sessions whose
 * state the role may not see count as {@code unknown}.
 */
record ConnectionsReport() implements Report {
  static final String MAX = "SELECT current_setting('max_connections')::bigint AS max_connections";

  static final String BY_STATE =
      """
      SELECT coalesce(state, 'unknown') AS state, count(*) AS sessions,
             count(*) FILTER (WHERE wait_event_type = 'Lock') AS waiting
      FROM pg_stat_activity
      WHERE backend_type = 'client backend'
      GROUP BY 1
      ORDER BY 2 DESC, 1""";

  @Override
  public Finding read(Session session, String datasource) throws SQLException {
    long max =
        Reports.longOf(session.select(MAX, List.of(), 1).rows().get(0).get("max_connections"));
    Map<String, Long> byState = new LinkedHashMap<>();
    long total = 0;
    long waiting = 0;
    for (Map<String, Object> row : session.select(BY_STATE, List.of(), Session.MAX_ROWS).rows()) {
      long sessions = Reports.longOf(row.get("sessions"));
      byState.put(String.valueOf(row.get("state")), sessions);
      total += sessions;
      waiting += Reports.longOf(row.get("waiting"));
    }
    double ratio = max == 0 ? 0.0 : (double) total / max;
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("total", total);
    data.put("max_connections", max);
    data.put("used_ratio", ratio);
    data.put("by_state", Collections.unmodifiableMap(byState));
    data.put("waiting", waiting);
    return new Finding(data, summary(datasource, total, max, ratio, byState, waiting));
  }

  private static String summary(
      String datasource,
      long total,
      long max,
      double ratio,
      Map<String, Long> byState,
      long waiting) {
    String states =
        byState.entrySet().stream()
            .map(e -> e.getValue() + " " + Reports.oneLine(e.getKey(), 40))
            .collect(Collectors.joining(", "));
    return datasource
        + ": "
        + total
        + " of "
        + max
        + " connections used ("
        + Math.round(ratio * 100)
        + "%): "
        + states
        + (waiting > 0 ? "; " + waiting + " waiting on locks" : "");
  }
}

package io.runbookd.probes.sql;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Session;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code blocking}: RB-102's second step. Sessions of the datasource's database waiting for a lock
 * another session holds ({@code pg_blocking_pids}), longest wait first, and the sessions holding
 * them. Blockers carry what {@code sql.terminate_backend} needs to end the right one: the pid and
 * its {@code backend_start} (pids are reused). A root blocker blocks others and waits for no one.
 */
record BlockingReport(int limit) implements Report {
  static final String BLOCKED =
      """
      SELECT pid, usename, datname, blocked_by,
             coalesce(greatest(0, extract(epoch FROM clock_timestamp() - query_start)), 0)::float8
               AS wait_seconds,
             query, count(*) OVER () AS matching
      FROM (SELECT a.*, pg_blocking_pids(a.pid) AS blocked_by
            FROM pg_stat_activity a
            WHERE a.wait_event_type = 'Lock' AND a.datname = current_database()) w
      WHERE cardinality(blocked_by) > 0
      ORDER BY wait_seconds DESC, pid
      LIMIT ?""";

  static final String BLOCKERS =
      """
      WITH blocked AS (
        SELECT pid, pg_blocking_pids(pid) AS blocked_by
        FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND datname = current_database()),
      holders AS (
        SELECT holder AS pid, count(*) AS blocks
        FROM blocked, unnest(blocked_by) AS holder GROUP BY holder)
      SELECT a.pid, a.usename, a.datname, a.state, a.backend_start,
             coalesce(extract(epoch FROM clock_timestamp() - a.xact_start), 0)::float8
               AS xact_age_seconds,
             a.query, a.application_name, h.blocks,
             EXISTS (SELECT 1 FROM blocked d
                     WHERE d.pid = a.pid AND cardinality(d.blocked_by) > 0) AS waiting
      FROM holders h JOIN pg_stat_activity a ON a.pid = h.pid
      ORDER BY waiting, h.blocks DESC, a.xact_start
      LIMIT ?""";

  @Override
  public Finding read(Session session, String datasource) throws SQLException {
    List<Map<String, Object>> blocked =
        session.select(BLOCKED, List.of((long) limit), limit).rows();
    List<Map<String, Object>> blockers =
        session.select(BLOCKERS, List.of((long) limit), limit).rows();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "chains",
        blocked.stream()
            .map(
                r ->
                    Reports.pick(
                        r, "pid", "usename", "datname", "blocked_by", "wait_seconds", "query"))
            .toList());
    data.put("blocked", Reports.matching(blocked));
    data.put("blockers", blockers.stream().map(BlockingReport::blocker).toList());
    data.put("root_blockers", roots(blockers));
    data.put(
        "longest_wait_seconds",
        blocked.isEmpty() ? 0.0 : Reports.doubleOf(blocked.get(0).get("wait_seconds")));
    return new Finding(data, summary(datasource, blocked, blockers));
  }

  private static Map<String, Object> blocker(Map<String, Object> row) {
    return Reports.pick(
        row,
        "pid",
        "usename",
        "datname",
        "state",
        "backend_start",
        "xact_age_seconds",
        "query",
        "application_name",
        "blocks",
        "waiting");
  }

  private static List<Long> roots(List<Map<String, Object>> blockers) {
    return blockers.stream()
        .filter(r -> Boolean.FALSE.equals(r.get("waiting")))
        .map(r -> Reports.longOf(r.get("pid")))
        .toList();
  }

  private static String summary(
      String datasource, List<Map<String, Object>> blocked, List<Map<String, Object>> blockers) {
    if (blocked.isEmpty()) {
      return datasource + ": no session waits for a lock held by another";
    }
    StringBuilder s = new StringBuilder(datasource).append(": ");
    s.append(Reports.plural(Reports.matching(blocked), "session", "sessions"))
        .append(" blocked by ")
        .append(Reports.plural(blockers.size(), "session", "sessions"))
        .append("; longest wait ")
        .append(Math.round(Reports.doubleOf(blocked.get(0).get("wait_seconds"))))
        .append(" s");
    blockers.stream()
        .filter(r -> Boolean.FALSE.equals(r.get("waiting")))
        .findFirst()
        .ifPresent(
            root ->
                s.append("; root blocker pid ")
                    .append(root.get("pid"))
                    .append(" (")
                    .append(Reports.oneLine(root.get("state"), 40))
                    .append(", transaction open ")
                    .append(Math.round(Reports.doubleOf(root.get("xact_age_seconds"))))
                    .append(" s)"));
    return s.toString();
  }
}

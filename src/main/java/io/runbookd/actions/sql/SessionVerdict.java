package io.runbookd.actions.sql;

import io.runbookd.actions.Outcome;
import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Why the terminating statement matched no session, read right after it: the session is gone, or
 * runbookd must not end it (a superuser's, its own, another database's, not a client), or the
 * reason no longer holds. Refusals are failures with the reason; the rest needs nothing.
 */
final class SessionVerdict {
  private SessionVerdict() {}

  static Outcome notEnded(WriteSession s, TerminateParams p) throws SQLException {
    List<Map<String, Object>> rows = s.select(SessionSql.INSPECT, SessionSql.inspectArgs(p)).rows();
    if (rows.isEmpty()) {
      return gone(p);
    }
    Map<String, Object> row = rows.get(0);
    if (yes(row, "hidden")) {
      return Outcome.failed(
          "refused: runbookd cannot see the details of pid "
              + p.pid()
              + "; its database role needs pg_monitor (pg_read_all_stats)");
    }
    if (!yes(row, "same")) {
      return gone(p);
    }
    if (yes(row, "superuser")) {
      return Outcome.failed(
          "refused: "
              + p.session()
              + " is a superuser session (user "
              + row.get("usename")
              + "); runbookd never ends those");
    }
    if (yes(row, "own")) {
      return Outcome.failed("refused: " + p.session() + " is runbookd's own session");
    }
    if (!yes(row, "this_database")) {
      return Outcome.failed(
          "refused: "
              + p.session()
              + " is connected to another database than datasource "
              + p.datasource()
              + "'s");
    }
    if (!"client backend".equals(row.get("backend_type"))) {
      return Outcome.failed(
          "refused: "
              + p.session()
              + " is a "
              + row.get("backend_type")
              + ", not a client session");
    }
    return Outcome.notNeeded(p.session() + " " + noLonger(row, p));
  }

  private static String noLonger(Map<String, Object> row, TerminateParams p) {
    if (p.reason() == TerminateParams.Reason.BLOCKING) {
      return "no longer blocks another session";
    }
    Object age = row.get("xact_seconds");
    return age == null
        ? "has no open transaction"
        : "has its transaction open for only "
            + Math.round(((Number) age).doubleValue())
            + " s (less than "
            + p.minSeconds()
            + " s)";
  }

  private static Outcome gone(TerminateParams p) {
    return Outcome.notNeeded(
        p.session() + " is gone (it ended, or its pid now belongs to another session)");
  }

  private static boolean yes(Map<String, Object> row, String column) {
    return Boolean.TRUE.equals(row.get(column));
  }
}

package io.runbookd.actions.sql;

import io.runbookd.actions.Outcome;
import io.runbookd.sql.Rows;
import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code sql.terminate_backend} on one writer connection: signal the session if it may
 * be ended, then confirm it is gone. {@code pg_terminate_backend} returning true only means the
 * signal was sent; a session stuck in a system call can outlive it.
 */
final class Termination {
  /** What {@code pg_stat_activity} shows of one session. */
  enum Seen {
    /** No session with that pid and {@code backend_start}: ended, or the pid was reused. */
    GONE,
    /** A session with that pid whose details runbookd may not read (no pg_monitor). */
    HIDDEN,
    ALIVE
  }

  private static final Duration POLL = Duration.ofMillis(100);

  private final WriteSession s;
  private final TerminateParams p;
  private final Duration confirmWithin;

  Termination(WriteSession s, TerminateParams p, Duration confirmWithin) {
    this.s = s;
    this.p = p;
    this.confirmWithin = confirmWithin;
  }

  Outcome run() throws SQLException, InterruptedException {
    Rows signalled = s.select(SessionSql.terminate(p.reason()), SessionSql.terminateArgs(p));
    if (signalled.rows().isEmpty()) {
      return SessionVerdict.notEnded(s, p);
    }
    Map<String, Object> row = signalled.rows().get(0);
    if (!Boolean.TRUE.equals(row.get("signalled"))) {
      // The process left between the match and the signal (PostgreSQL warns and answers false).
      return SessionVerdict.notEnded(s, p);
    }
    return confirm(row);
  }

  private Outcome confirm(Map<String, Object> row) throws SQLException, InterruptedException {
    long started = System.nanoTime();
    long deadline = started + confirmWithin.toNanos();
    while (seen(s, p) != Seen.GONE) {
      if (System.nanoTime() >= deadline) {
        return Outcome.failed(
            "signal sent to "
                + p.session()
                + " but the session is still alive after "
                + confirmWithin.toMillis()
                + " ms");
      }
      Thread.sleep(POLL.toMillis());
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pid", p.pid());
    data.put("backend_start", p.backendStart().toString());
    data.put("reason", p.reason().wire());
    data.put("usename", String.valueOf(row.get("usename")));
    data.put("state", String.valueOf(row.get("state")));
    data.put("xact_seconds", row.get("xact_seconds"));
    data.put("confirmed_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    return Outcome.done(
        "terminated "
            + p.session()
            + " of user "
            + row.get("usename")
            + " ("
            + p.condition()
            + "); confirmed gone",
        data);
  }

  static Seen seen(WriteSession s, TerminateParams p) throws SQLException {
    List<Map<String, Object>> rows = s.select(SessionSql.SEEN, SessionSql.seenArgs(p)).rows();
    if (rows.isEmpty()) {
      return Seen.GONE;
    }
    if (Boolean.TRUE.equals(rows.get(0).get("hidden"))) {
      return Seen.HIDDEN;
    }
    return Boolean.TRUE.equals(rows.get(0).get("same")) ? Seen.ALIVE : Seen.GONE;
  }
}

package io.runbookd.actions.sql;

import io.runbookd.sql.Datasources;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of {@code sql.terminate_backend}. The one that ends a session re-checks, in the
 * same statement, everything that makes ending it allowed: the same pid and {@code backend_start}
 * (a reused pid is another session), this database, a client session, not runbookd's own, not a
 * superuser's, and the reason still true. Between a probe's read and this statement any of these
 * may have changed.
 */
final class SessionSql {
  private static final String SUPERUSER =
      "coalesce((SELECT r.rolsuper FROM pg_roles r WHERE r.oid = a.usesysid), true)";

  static final String BLOCKS_OTHERS =
      "EXISTS (SELECT 1 FROM pg_stat_activity w WHERE w.pid <> a.pid"
          + " AND w.wait_event_type = 'Lock' AND a.pid = ANY (pg_blocking_pids(w.pid)))";

  private static final String XACT_SECONDS =
      "extract(epoch FROM clock_timestamp() - a.xact_start)::float8";

  private static final String ALLOWED =
      " WHERE a.pid = ? AND a.backend_start = ?::timestamptz"
          + " AND a.datname = current_database() AND a.backend_type = 'client backend'"
          + " AND a.pid <> pg_backend_pid() AND a.application_name <> ? AND NOT "
          + SUPERUSER;

  private static final String TERMINATE =
      "SELECT pg_terminate_backend(a.pid) AS signalled, a.usename::text AS usename, a.state,"
          + " coalesce("
          + XACT_SECONDS
          + ", 0) AS xact_seconds FROM pg_stat_activity a"
          + ALLOWED;

  /** The session by pid alone, so that a hidden {@code backend_start} is told from a new one. */
  static final String INSPECT =
      "SELECT a.backend_start IS NULL AS hidden, a.backend_start = ?::timestamptz AS same,"
          + " a.datname = current_database() AS this_database, a.backend_type,"
          + " a.pid = pg_backend_pid() OR a.application_name = ? AS own, "
          + SUPERUSER
          + " AS superuser, a.usename::text AS usename, "
          + BLOCKS_OTHERS
          + " AS blocking, "
          + XACT_SECONDS
          + " AS xact_seconds FROM pg_stat_activity a WHERE a.pid = ?";

  /** Whether the session is still there, again by pid alone (see {@link #INSPECT}). */
  static final String SEEN =
      "SELECT backend_start IS NULL AS hidden, backend_start = ?::timestamptz AS same"
          + " FROM pg_stat_activity WHERE pid = ?";

  private SessionSql() {}

  static String terminate(TerminateParams.Reason reason) {
    return TERMINATE
        + " AND "
        + (reason == TerminateParams.Reason.BLOCKING
            ? BLOCKS_OTHERS
            : "a.xact_start <= clock_timestamp() - make_interval(secs => ?)");
  }

  static List<Object> terminateArgs(TerminateParams p) {
    List<Object> args = new ArrayList<>();
    args.add(p.pid());
    args.add(p.backendStart().toString());
    args.add(Datasources.APPLICATION_NAME);
    if (p.reason() == TerminateParams.Reason.LONG_RUNNING) {
      args.add((double) p.minSeconds());
    }
    return args;
  }

  static List<Object> inspectArgs(TerminateParams p) {
    return List.of(p.backendStart().toString(), Datasources.APPLICATION_NAME, p.pid());
  }

  static List<Object> seenArgs(TerminateParams p) {
    return List.of(p.backendStart().toString(), p.pid());
  }
}

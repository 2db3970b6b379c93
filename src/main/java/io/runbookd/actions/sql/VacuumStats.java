package io.runbookd.actions.sql;

import io.runbookd.sql.WriteSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code pg_stat_user_tables} says about the tables a VACUUM of one table or of the database
 * would process, limited to those runbookd's role may vacuum (it owns them or the database; VACUUM
 * skips the others with a warning). The statistics reach the view a moment after the statement
 * (PostgreSQL 14 sends them through its collector).
 *
 * @param tables how many tables are in scope
 * @param dead dead rows in them
 * @param modified rows changed since their last analyze
 * @param neverDone tables never vacuumed or never analyzed
 * @param doneSince tables both vacuumed and analyzed (by hand) at or after the instant asked
 * @param notOwned tables of the database runbookd's role may not vacuum (left out of scope)
 */
record VacuumStats(
    long tables, long dead, long modified, long neverDone, long doneSince, long notOwned) {
  /** Tables runbookd's role may vacuum: it is a member of their owner or of the database's. */
  static final String MAY_VACUUM =
      """
      (pg_has_role(c.relowner, 'USAGE')
       OR pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()),
                      'USAGE'))\
      """;

  private static final String IN_SCOPE =
      " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
          + " WHERE (?::bigint = 0 OR s.relid = ?::bigint::oid) AND ";

  /** The tables in scope as the server quotes them ({@code format('%I.%I')}), for the VACUUM. */
  static final String TARGETS =
      "SELECT string_agg(format('%I.%I', s.schemaname, s.relname), ', '"
          + " ORDER BY s.schemaname, s.relname) AS targets"
          + IN_SCOPE
          + MAY_VACUUM;

  private static final String NOT_OWNED = "SELECT count(*) AS n" + IN_SCOPE + "NOT " + MAY_VACUUM;

  private static final String SQL =
      """
      SELECT count(*) AS tables,
             coalesce(sum(s.n_dead_tup), 0)::bigint AS dead,
             coalesce(sum(s.n_mod_since_analyze), 0)::bigint AS modified,
             count(*) FILTER (WHERE s.vacuum_count + s.autovacuum_count = 0
                                 OR s.analyze_count + s.autoanalyze_count = 0) AS never_done,
             count(*) FILTER (WHERE s.last_vacuum >= ?::timestamptz
                                AND s.last_analyze >= ?::timestamptz) AS done_since\
      """
          + IN_SCOPE
          + MAY_VACUUM;

  static VacuumStats read(WriteSession s, long tableOid, Instant since) throws SQLException {
    String at = since.toString();
    Map<String, Object> r = s.select(SQL, List.of(at, at, tableOid, tableOid)).rows().get(0);
    Object notOwned = s.select(NOT_OWNED, List.of(tableOid, tableOid)).rows().get(0).get("n");
    return new VacuumStats(
        (Long) r.get("tables"),
        (Long) r.get("dead"),
        (Long) r.get("modified"),
        (Long) r.get("never_done"),
        (Long) r.get("done_since"),
        (Long) notOwned);
  }

  /** The tables in scope, quoted by the server, comma-separated. */
  static String targets(WriteSession s, long tableOid) throws SQLException {
    return (String) s.select(TARGETS, List.of(tableOid, tableOid)).rows().get(0).get("targets");
  }

  /** Nothing for VACUUM (ANALYZE) to do: no dead row, no change since analyze, all done once. */
  boolean clean() {
    return tables > 0 && dead == 0 && modified == 0 && neverDone == 0;
  }
}

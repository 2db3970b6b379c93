package io.runbookd.sql;

import java.sql.SQLException;
import java.util.Set;

/**
 * Sorts database errors into refusals (the database answered; asking again will not help) and
 * failures (it could not answer: down, overloaded, timed out), by SQLSTATE.
 */
final class SqlErrors {
  /** Error classes that describe the request, not the server's health. */
  private static final Set<String> REFUSED_CLASSES = Set.of("0A", "22", "28", "3D", "3F", "42");

  private static final Set<String> REFUSED_STATES =
      Set.of(
          "25006", // read_only_sql_transaction: the query tried to write
          "55000" // object_not_in_prerequisite_state, e.g. pg_stat_statements not preloaded
          );

  private SqlErrors() {}

  static boolean refused(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && state.length() == 5
        && (REFUSED_STATES.contains(state) || REFUSED_CLASSES.contains(state.substring(0, 2)));
  }

  /** Throws a refusal as the exception the engine does not retry; returns a failure as is. */
  static SQLException failureOrThrow(SQLException e) throws QueryRefusedException {
    if (!refused(e)) {
      return e;
    }
    String prefix =
        "25006".equals(e.getSQLState())
            ? "queries run read-only and this one tried to write: "
            : "";
    QueryRefusedException refused = new QueryRefusedException(e.getSQLState(), prefix + message(e));
    refused.initCause(e);
    throw refused;
  }

  /** The first line of the server's message (the driver adds details on further lines). */
  static String message(SQLException e) {
    String text = String.valueOf(e.getMessage()).strip();
    int nl = text.indexOf('\n');
    String line = nl < 0 ? text : text.substring(0, nl);
    return SqlValues.clip(line + " (SQLSTATE " + e.getSQLState() + ")");
  }
}

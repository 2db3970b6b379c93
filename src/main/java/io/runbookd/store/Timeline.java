package io.runbookd.store;

import java.sql.SQLException;

/** Appends to incident timelines, in the caller's transaction. Entries are never changed. */
public final class Timeline {
  private Timeline() {}

  /** Appends one entry: what happened ({@code kind}), one human line, optional JSON details. */
  public static void append(Tx tx, String incidentId, TimelineLine line) {
    try {
      append(tx, incidentId, line.kind(), line.message(), line.data());
    } catch (SQLException e) {
      throw new StoreException("cannot append to the timeline of " + incidentId, e);
    }
  }

  static void append(Tx tx, String incidentId, String kind, String message, String data) throws SQLException {
    Sql.update(tx.c(), "INSERT INTO timeline (incident_id, recorded_at, kind, message, data) VALUES (?, ?, ?, ?, ?)",
        incidentId, tx.now(), kind, message, data == null ? Sql.NULL_TEXT : data);
  }
}

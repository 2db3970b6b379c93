package io.runbookd.store;

import io.runbookd.alert.Alert;
import io.runbookd.incident.IncidentDraft;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Collects timeline entries written by one intake transaction and sends them as one batch. */
final class Timeline {
  static final String INSERT =
      "INSERT INTO timeline (incident_id, recorded_at, kind, message, data) VALUES (?, ?, ?, ?, ?)";

  private final Connection connection;
  private final Timestamp at;
  private PreparedStatement batch;

  Timeline(Connection connection, Instant at) {
    this.connection = connection;
    this.at = Timestamp.from(at);
  }

  void received(IncidentDraft draft) throws SQLException {
    Alert alert = draft.alert();
    String value =
        alert.value().isPresent() ? "; value " + alert.value().getAsDouble() : "; no value";
    add(
        draft.incidentId(),
        "received",
        "alert "
            + Text.quote(alert.alertname())
            + " "
            + alert.status().wire()
            + " since "
            + alert.startsAt()
            + value,
        null);
    String kind = draft.ruleId().isPresent() ? "matched" : "unmatched";
    add(
        draft.incidentId(),
        kind,
        draft.matchReason() + "; priority " + draft.priority(),
        "{\"priority\":\"" + draft.priority() + "\"}");
    if (!alert.firing()) {
      resolved(draft);
    }
  }

  void resolved(IncidentDraft draft) throws SQLException {
    String ended = draft.alert().endsAt().map(Instant::toString).orElse("now");
    add(
        draft.incidentId(),
        "resolved",
        "Alertmanager reports the alert resolved (endsAt " + ended + ")",
        null);
  }

  private void add(String incidentId, String kind, String message, String data)
      throws SQLException {
    if (batch == null) {
      batch = connection.prepareStatement(INSERT);
    }
    batch.setString(1, incidentId);
    batch.setTimestamp(2, at);
    batch.setString(3, kind);
    batch.setString(4, message);
    batch.setString(5, data);
    batch.addBatch();
  }

  void flush() throws SQLException {
    if (batch != null) {
      try (PreparedStatement ps = batch) {
        ps.executeBatch();
      }
    }
  }
}

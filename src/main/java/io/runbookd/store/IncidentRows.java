package io.runbookd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads incident and alert rows into values. */
final class IncidentRows {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final String ALERT_COLUMNS =
      "a.id, a.status, a.labels, a.annotations, a.starts_at, a.ends_at, a.generator_url, a.fingerprint,"
          + " a.received_at";
  private static final String COLUMNS =
      "i.id, i.rule_id, i.rule_version, i.status, i.priority, i.alertname, i.group_labels, i.trigger_kind,"
          + " i.trigger_data, i.alert_count, i.firing_count, i.match_reason, i.first_seen, i.last_seen,"
          + " i.created_at, i.updated_at, i.ended_at, i.acked_by, i.verify_deadline, i.window_end, " + ALERT_COLUMNS;
  private static final String FROM = " FROM incidents i LEFT JOIN alerts a ON a.id = i.first_alert";

  private final ObjectMapper json;

  IncidentRows(ObjectMapper json) {
    this.json = json;
  }

  Optional<Incident> get(Connection c, String id) throws SQLException {
    return Sql.one(c, "SELECT " + COLUMNS + FROM + " WHERE i.id = ?", this::incident, id);
  }

  List<Incident> list(Connection c, IncidentFilter filter) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + FROM + " WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter.status().ifPresent(s -> add(sql, args, " AND i.status = ?", s.wire()));
    filter.rule().ifPresent(r -> add(sql, args, " AND i.rule_id = ?", r));
    filter.fingerprint().ifPresent(f ->
        add(sql, args, " AND i.id IN (SELECT incident_id FROM alerts WHERE fingerprint = ?)", f));
    sql.append(" ORDER BY i.seq DESC LIMIT ").append(filter.limit());
    return Sql.list(c, sql.toString(), this::incident, args.toArray());
  }

  private static void add(StringBuilder sql, List<Object> args, String clause, Object arg) {
    sql.append(clause);
    args.add(arg);
  }

  List<StoredAlert> alerts(Connection c, String incidentId, int limit) throws SQLException {
    return Sql.list(c, "SELECT " + ALERT_COLUMNS + " FROM alerts a WHERE a.incident_id = ?"
        + " ORDER BY a.received_at, a.id LIMIT " + limit, rs -> {
          Alert alert = alert(rs, 1);
          return new StoredAlert(rs.getString(1), alert, Sql.at(rs, 9));
        }, incidentId);
  }

  private Incident incident(ResultSet rs) throws SQLException {
    Optional<Alert> first = rs.getString(21) == null ? Optional.empty() : Optional.of(alert(rs, 21));
    return new Incident(
        rs.getString(1),
        Optional.ofNullable(rs.getString(2)),
        Optional.ofNullable(rs.getString(3)),
        IncidentStatus.parse(rs.getString(4)).orElseThrow(),
        Priority.valueOf(rs.getString(5)),
        rs.getString(6),
        map(rs.getString(7)),
        new Incident.Trigger(rs.getString(8), Optional.ofNullable(rs.getString(9))),
        first,
        rs.getInt(10),
        rs.getInt(11),
        rs.getString(12),
        Sql.at(rs, 13),
        Sql.at(rs, 14),
        Sql.at(rs, 15),
        Sql.at(rs, 16),
        Sql.instant(rs, 17),
        Optional.ofNullable(rs.getString(18)),
        Sql.instant(rs, 19),
        Sql.instant(rs, 20));
  }

  /** The alert whose columns start at {@code from} (in {@link #ALERT_COLUMNS} order). */
  private Alert alert(ResultSet rs, int from) throws SQLException {
    return new Alert(
        "firing".equals(rs.getString(from + 1)) ? Alert.Status.FIRING : Alert.Status.RESOLVED,
        map(rs.getString(from + 2)),
        map(rs.getString(from + 3)),
        Instant.parse(rs.getString(from + 4)),
        Sql.instant(rs, from + 5),
        rs.getString(from + 6),
        rs.getString(from + 7));
  }

  private Map<String, String> map(String text) throws SQLException {
    try {
      return text == null ? Map.of() : json.readValue(text, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("a stored label map is not JSON", e);
    }
  }
}

package io.runbookd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.incident.TimelineEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads incidents and their timelines. Blocking: call it off the event loop. */
public final class IncidentReader {
  private static final String COLUMNS =
      "id, rule_id, rule_version, status, priority, alertname, fingerprint, starts_at,"
          + " ends_at, labels, annotations, alert_value, generator_url, created_at, updated_at";
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private final Store store;
  private final ObjectMapper json;

  public IncidentReader(Store store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  public List<Incident> list(IncidentFilter filter) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM incidents WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    filter.status().ifPresent(s -> add(sql, args, " AND status = ?", s.wire()));
    filter.rule().ifPresent(r -> add(sql, args, " AND rule_id = ?", r));
    filter.fingerprint().ifPresent(f -> add(sql, args, " AND fingerprint = ?", f));
    sql.append(" ORDER BY seq DESC");
    try (Connection c = store.connection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      ps.setMaxRows(filter.limit());
      try (ResultSet rs = ps.executeQuery()) {
        List<Incident> out = new ArrayList<>();
        while (rs.next()) {
          out.add(incident(rs));
        }
        return out;
      }
    }
  }

  private static void add(StringBuilder sql, List<String> args, String clause, String arg) {
    sql.append(clause);
    args.add(arg);
  }

  public Optional<Incident> get(String id) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM incidents WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(incident(rs)) : Optional.empty();
      }
    }
  }

  public List<TimelineEntry> timeline(String incidentId) throws SQLException {
    try (Connection c = store.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, recorded_at, kind, message, data FROM timeline"
                    + " WHERE incident_id = ? ORDER BY seq")) {
      ps.setString(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        List<TimelineEntry> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new TimelineEntry(
                  rs.getLong(1),
                  rs.getTimestamp(2).toInstant(),
                  rs.getString(3),
                  rs.getString(4),
                  Optional.ofNullable(rs.getString(5))));
        }
        return out;
      }
    }
  }

  /** Counts incidents, for tests and the status endpoint. */
  public long count() throws SQLException {
    try (Connection c = store.connection();
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM incidents")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Incident incident(ResultSet rs) throws SQLException {
    double value = rs.getDouble(12);
    OptionalDouble optionalValue = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
    return new Incident(
        rs.getString(1),
        Optional.ofNullable(rs.getString(2)),
        Optional.ofNullable(rs.getString(3)),
        IncidentStatus.parse(rs.getString(4)).orElseThrow(),
        Priority.valueOf(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        Instant.parse(rs.getString(8)),
        Optional.ofNullable(rs.getTimestamp(9)).map(Timestamp::toInstant),
        map(rs.getString(10)),
        map(rs.getString(11)),
        optionalValue,
        Optional.ofNullable(rs.getString(13)).orElse(""),
        rs.getTimestamp(14).toInstant(),
        rs.getTimestamp(15).toInstant());
  }

  private Map<String, String> map(String text) throws SQLException {
    try {
      return json.readValue(text, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored label map is not JSON", e);
    }
  }
}

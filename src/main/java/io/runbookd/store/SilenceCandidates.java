package io.runbookd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.IncidentStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the incidents that may want silences, with the label sets of their firing alerts. */
final class SilenceCandidates {
  private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

  private final ObjectMapper json;

  SilenceCandidates(ObjectMapper json) {
    this.json = json;
  }

  List<SilenceCandidate> read(Connection c, Set<IncidentStatus> statuses, Collection<String> ruleIds, int maxLabelSets)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    statuses.forEach(s -> args.add(s.wire()));
    args.addAll(ruleIds);
    String sql = "SELECT id, rule_id, status, created_at, verify_deadline FROM incidents WHERE ended_at IS NULL"
        + " AND acked_at IS NULL AND trigger_kind = 'alert' AND status IN (" + Sql.marks(statuses.size()) + ")"
        + " AND rule_id IN (" + Sql.marks(ruleIds.size()) + ") ORDER BY seq";
    List<SilenceCandidate> out = new ArrayList<>();
    for (Head i : Sql.list(c, sql, Head::read, args.toArray())) {
      out.add(new SilenceCandidate(i.id, i.ruleId, i.status, i.createdAt, i.verifyDeadline,
          labelSets(c, i.id, maxLabelSets), firing(c, i.id)));
    }
    return out;
  }

  /** The incident columns a candidate needs. */
  private record Head(String id, String ruleId, IncidentStatus status, Instant createdAt,
      Optional<Instant> verifyDeadline) {
    static Head read(ResultSet rs) throws SQLException {
      return new Head(rs.getString(1), rs.getString(2), IncidentStatus.parse(rs.getString(3)).orElseThrow(),
          Sql.at(rs, 4), Sql.instant(rs, 5));
    }
  }

  /** One label set per firing alert (fingerprint), by fingerprint, at most {@code limit}. */
  private List<Map<String, String>> labelSets(Connection c, String incidentId, int limit) throws SQLException {
    return Sql.list(c, "SELECT fingerprint, MIN(labels) FROM alerts WHERE incident_id = ? AND status = 'firing'"
        + " GROUP BY fingerprint ORDER BY fingerprint LIMIT ?", rs -> labels(rs.getString(2)), incidentId, limit);
  }

  private static int firing(Connection c, String incidentId) throws SQLException {
    return (int) Sql.count(c, "SELECT COUNT(DISTINCT fingerprint) FROM alerts WHERE incident_id = ?"
        + " AND status = 'firing'", incidentId);
  }

  private Map<String, String> labels(String text) throws SQLException {
    try {
      return json.readValue(text, LABELS);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable labels of a stored alert", e);
    }
  }
}

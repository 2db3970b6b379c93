package io.runbookd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.IncidentStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The intake's statements: alert episodes, opening incidents, counts and summaries. */
final class IntakeRows {
  /** Ids per lookup: well under SQLite's and PostgreSQL's parameter limits. */
  private static final int LOOKUP_CHUNK = 400;
  private static final int NAMED_IN_SUMMARY = 5;

  private final ObjectMapper json;

  IntakeRows(ObjectMapper json) {
    this.json = json;
  }

  /** An episode already stored: its incident and whether it still fires. */
  static final class StoredAlert {
    private final String incidentId;
    private boolean firing;

    StoredAlert(String incidentId, boolean firing) {
      this.incidentId = incidentId;
      this.firing = firing;
    }

    String incidentId() {
      return incidentId;
    }

    boolean firing() {
      return firing;
    }

    void resolved() {
      firing = false;
    }
  }

  Map<String, StoredAlert> alerts(Connection c, List<String> ids) throws SQLException {
    Map<String, StoredAlert> out = new HashMap<>();
    List<String> distinct = ids.stream().distinct().toList();
    for (int from = 0; from < distinct.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + LOOKUP_CHUNK));
      Sql.list(c, "SELECT id, incident_id, status FROM alerts WHERE id IN (" + Sql.marks(chunk.size()) + ")",
          rs -> out.put(rs.getString(1), new StoredAlert(rs.getString(2), "firing".equals(rs.getString(3)))),
          chunk.toArray());
    }
    return out;
  }

  int resolveAlert(Connection c, String id, Instant endsAt) throws SQLException {
    return Sql.update(c, "UPDATE alerts SET status = 'resolved', ends_at = ? WHERE id = ? AND status = 'firing'",
        endsAt, id);
  }

  Optional<String> openIncident(Connection c, String groupKey) throws SQLException {
    return Sql.one(c, "SELECT id FROM incidents WHERE group_key = ? AND ended_at IS NULL",
        rs -> rs.getString(1), groupKey);
  }

  Optional<String> incidentOfAlert(Connection c, String alertId) throws SQLException {
    return Sql.one(c, "SELECT incident_id FROM alerts WHERE id = ?", rs -> rs.getString(1), alertId);
  }

  /**
   * Opens the incident a new alert's group needs. Another replica may open the group's incident
   * at the same moment: the unique index on open groups lets one insert win, and the loser
   * joins the winner's incident. A resolved alert never seen firing is recorded in an incident
   * that is born ended.
   */
  String openIncident(Tx tx, AlertDraft draft) throws SQLException {
    Alert alert = draft.alert();
    boolean firing = alert.firing();
    IncidentStatus status = !firing ? IncidentStatus.RESOLVED
        : draft.ruleId().isPresent() ? IncidentStatus.MATCHED : IncidentStatus.UNMATCHED;
    String id = draft.proposedIncidentId();
    Instant now = tx.now();
    int inserted = Sql.update(tx.c(), "INSERT INTO incidents (id, group_key, group_labels, trigger_kind,"
            + " status, rule_id, rule_version, priority, alertname, match_reason, first_alert, fingerprint,"
            + " starts_at, alert_count, firing_count, first_seen, last_seen, created_at, updated_at, ended_at,"
            + " next_run_at) VALUES (?, ?, ?, 'alert', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING",
        id, draft.group().key(), toJson(draft.group().labels()), status.wire(), draft.ruleId(),
        draft.ruleVersion(), draft.priority().name(), alert.alertname(), draft.matchReason(), draft.alertId(),
        alert.fingerprint(), draft.episode().startsAtKey(), now, now, now, now,
        firing ? Sql.NULL_LONG : now.toEpochMilli(), firing ? now.toEpochMilli() : Sql.NULL_LONG);
    if (inserted == 1 || !firing) {
      return id;
    }
    return openIncident(tx.c(), draft.group().key()).orElseThrow(() ->
        new StoreException("incident " + id + " exists but its group has no open incident"));
  }

  /** Stores a new episode; false when another replica stored it first. */
  boolean insertAlert(Tx tx, String incidentId, AlertDraft draft) throws SQLException {
    Alert alert = draft.alert();
    return Sql.update(tx.c(), "INSERT INTO alerts (id, incident_id, fingerprint, starts_at, status, ends_at,"
            + " received_at, alertname, labels, annotations, alert_value, generator_url)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        draft.alertId(), incidentId, alert.fingerprint(), draft.episode().startsAtKey(),
        alert.status().wire(), alert.endsAt().<Object>map(Instant::toEpochMilli).orElse(Sql.NULL_LONG),
        tx.now(), alert.alertname(), toJson(alert.labels()), toJson(alert.annotations()),
        alert.value().isPresent() ? (Object) alert.value().getAsDouble() : new Sql.Null(java.sql.Types.DOUBLE),
        alert.generatorUrl()) == 1;
  }

  /**
   * Adds a delivery's alerts to the incident's counts. Its priority rises to the most urgent of
   * its alerts; the engine looks at it again at once when that happens, when its last firing
   * alert resolved (it decides whether the incident ends), or when alerts joined an incident that
   * was already paged (its page is updated).
   */
  void count(Tx tx, String incidentId, int added, int firingDelta, String priority) throws SQLException {
    Instant now = tx.now();
    Sql.update(tx.c(), "UPDATE incidents SET alert_count = alert_count + ?, firing_count = firing_count + ?,"
            + " last_seen = ?, updated_at = ?, priority = CASE WHEN priority > ? THEN ? ELSE priority END,"
            + " next_run_at = CASE WHEN ended_at IS NULL AND (firing_count + ? <= 0 OR priority > ?"
            + " OR (? > 0 AND status IN ('escalated', 'unmatched', 'failed')))"
            + " THEN ? ELSE next_run_at END WHERE id = ?",
        added, firingDelta, now, now, priority, priority, firingDelta, priority, added, now, incidentId);
  }

  /** One timeline line for what a delivery did to an incident's alerts. */
  void summarise(Tx tx, String incidentId, List<AlertDraft> joined, List<AlertDraft> resolved, boolean opened)
      throws SQLException {
    StringBuilder message = new StringBuilder();
    if (!joined.isEmpty()) {
      message.append(joined.size()).append(joined.size() == 1 ? " alert joined" : " alerts joined")
          .append(opened ? " in the delivery that opened it" : "").append(": ").append(names(joined));
    }
    if (!resolved.isEmpty()) {
      message.append(message.length() > 0 ? "; " : "").append(resolved.size())
          .append(resolved.size() == 1 ? " alert resolved: " : " alerts resolved: ").append(names(resolved));
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("joined", joined.stream().map(AlertDraft::alertId).limit(50).toList());
    data.put("resolved", resolved.stream().map(AlertDraft::alertId).limit(50).toList());
    Timeline.append(tx, incidentId, "alerts", message.toString(), toJson(data));
  }

  private static String names(List<AlertDraft> drafts) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < drafts.size() && i < NAMED_IN_SUMMARY; i++) {
      Alert alert = drafts.get(i).alert();
      out.append(i > 0 ? ", " : "").append(Text.quote(alert.alertname())).append(" ")
          .append(alert.fingerprint());
    }
    if (drafts.size() > NAMED_IN_SUMMARY) {
      out.append(" and ").append(drafts.size() - NAMED_IN_SUMMARY).append(" more");
    }
    return out.toString();
  }

  String toJson(Object value) {
    try {
      return json.writeValueAsString(value instanceof Map<?, ?> m ? new TreeMap<>(m) : value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps and lists of strings always serialize", e);
    }
  }
}

package io.runbookd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.IncidentDraft;
import io.runbookd.incident.IncidentStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores the alerts of one or more webhook deliveries in the caller's transaction, as JDBC
 * batches: one round trip per statement kind, whatever the number of alerts. The caller
 * commits; nothing here commits or rolls back.
 */
public final class IncidentWriter {
  private static final String UPDATE_RESOLVED =
      "UPDATE incidents SET status = ?, ends_at = ?, updated_at = ?, next_run_at = NULL"
          + " WHERE id = ? AND status <> ?";

  private final Dialect dialect;
  private final Clock clock;
  private final ObjectMapper json;

  public IncidentWriter(Dialect dialect, Clock clock, ObjectMapper json) {
    this.dialect = dialect;
    this.clock = clock;
    this.json = json;
  }

  public List<IntakeOutcome> apply(Connection c, List<IncidentDraft> drafts) throws SQLException {
    Instant now = clock.instant();
    int[] inserted = insertIfAbsent(c, drafts, now);
    List<IntakeOutcome> outcomes = new ArrayList<>(drafts.size());
    List<IncidentDraft> toResolve = new ArrayList<>();
    Timeline timeline = new Timeline(c, now);
    for (int i = 0; i < drafts.size(); i++) {
      IncidentDraft draft = drafts.get(i);
      boolean created = inserted[i] > 0;
      if (created) {
        timeline.received(draft);
      } else if (!draft.alert().firing()) {
        toResolve.add(draft);
      }
      outcomes.add(created ? outcomeOfNew(draft) : IntakeOutcome.DUPLICATE);
    }
    int[] resolved = resolve(c, toResolve, now);
    for (int i = 0, j = 0; i < drafts.size(); i++) {
      if (outcomes.get(i) == IntakeOutcome.DUPLICATE && !drafts.get(i).alert().firing()) {
        if (resolved[j++] > 0) {
          outcomes.set(i, IntakeOutcome.RESOLVED);
          timeline.resolved(drafts.get(i));
          OutboxStore.enqueueResolves(c, drafts.get(i).incidentId(), now);
        }
      }
    }
    timeline.flush();
    return outcomes;
  }

  private static IntakeOutcome outcomeOfNew(IncidentDraft draft) {
    return draft.alert().firing() ? IntakeOutcome.CREATED : IntakeOutcome.RESOLVED;
  }

  private int[] insertIfAbsent(Connection c, List<IncidentDraft> drafts, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.insertIncidentIfAbsent())) {
      for (IncidentDraft draft : drafts) {
        bindIncident(ps, draft, now);
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  private void bindIncident(PreparedStatement ps, IncidentDraft draft, Instant now)
      throws SQLException {
    Alert alert = draft.alert();
    IncidentStatus status = status(draft);
    ps.setString(1, draft.incidentId());
    ps.setString(2, alert.fingerprint());
    ps.setString(3, draft.episode().startsAtKey());
    ps.setTimestamp(4, Timestamp.from(alert.startsAt()));
    ps.setTimestamp(5, alert.endsAt().map(Timestamp::from).orElse(null));
    ps.setString(6, alert.alertname());
    ps.setString(7, status.wire());
    ps.setString(8, draft.ruleId().orElse(null));
    ps.setString(9, draft.ruleVersion().orElse(null));
    ps.setString(10, draft.priority().name());
    ps.setString(11, toJson(alert.labels()));
    ps.setString(12, toJson(alert.annotations()));
    if (alert.value().isPresent()) {
      ps.setDouble(13, alert.value().getAsDouble());
    } else {
      ps.setNull(13, Types.DOUBLE);
    }
    ps.setString(14, alert.generatorUrl());
    ps.setTimestamp(15, Timestamp.from(now));
    ps.setTimestamp(16, Timestamp.from(now));
    // A firing incident is due for the engine at once: matched ones run their runbook,
    // unmatched ones are paged by severity.
    ps.setTimestamp(17, draft.alert().firing() ? Timestamp.from(now) : null);
    if (dialect.insertRepeatsId()) {
      ps.setString(18, draft.incidentId());
    }
  }

  private static IncidentStatus status(IncidentDraft draft) {
    if (!draft.alert().firing()) {
      return IncidentStatus.RESOLVED;
    }
    return draft.ruleId().isPresent() ? IncidentStatus.MATCHED : IncidentStatus.UNMATCHED;
  }

  private int[] resolve(Connection c, List<IncidentDraft> drafts, Instant now)
      throws SQLException {
    if (drafts.isEmpty()) {
      return new int[0];
    }
    try (PreparedStatement ps = c.prepareStatement(UPDATE_RESOLVED)) {
      for (IncidentDraft draft : drafts) {
        ps.setString(1, IncidentStatus.RESOLVED.wire());
        ps.setTimestamp(2, draft.alert().endsAt().map(Timestamp::from).orElse(Timestamp.from(now)));
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setString(4, draft.incidentId());
        ps.setString(5, IncidentStatus.RESOLVED.wire());
        ps.addBatch();
      }
      return ps.executeBatch();
    }
  }

  String toJson(Map<String, String> map) {
    try {
      return json.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }
}

package io.runbookd.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.Priority;
import io.runbookd.incident.IncidentStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs of runbooks that no alert started: by a schedule's slot, by hand, or as a drill. A run is
 * an incident like any other (same lifecycle, guards, timeline and API); its trigger says what
 * started it and with which parameters. A schedule's slot is claimed once across replicas.
 */
public final class RunStore {
  private final Store store;
  private final ObjectMapper json;

  public RunStore(Store store, ObjectMapper json) {
    this.store = store;
    this.json = json;
  }

  /**
   * A run to open.
   *
   * @param kind {@code schedule}, {@code manual} or {@code drill}
   * @param key what makes the run unique for its runbook: the slot, or a fresh id
   * @param by who or what started it ({@code schedule}, a user)
   * @param params the bound manual parameters (JSON values), empty for a schedule
   * @param windowEnd when a scheduled run's window closes
   */
  public record Draft(String ruleId, String ruleVersion, String title, String priority, String kind, String key,
      String by, Map<String, Object> params, Optional<Instant> windowEnd) {}

  /** Opens the run's incident in the caller's transaction and returns its id (existing: the same). */
  public String open(Tx tx, Draft run) {
    GroupKey group = GroupKey.ofRun(run.ruleId(), run.key());
    String id = group.incidentId(run.key());
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("by", run.by());
    trigger.put("params", run.params());
    if (run.kind().equals("schedule")) {
      trigger.put("slot", run.key());
    }
    run.windowEnd().ifPresent(end -> trigger.put("windowEnd", end.toString()));
    Instant now = tx.now();
    String reason = switch (run.kind()) {
      case "schedule" -> "scheduled run of " + run.ruleId() + " for the slot " + run.key();
      case "drill" -> "drill of " + run.ruleId() + " started by " + run.by() + ": dry-run, nothing is changed";
      default -> "run of " + run.ruleId() + " started by " + run.by();
    };
    Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO incidents (id, group_key, group_labels, trigger_kind, trigger_data,"
        + " status, rule_id, rule_version, priority, alertname, match_reason, alert_count, firing_count, first_seen,"
        + " last_seen, created_at, updated_at, next_run_at, window_end) VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?,"
        + " 0, 0, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        id, group.key(), run.kind(), write(trigger), IncidentStatus.MATCHED.wire(), run.ruleId(), run.ruleVersion(),
        run.priority(), run.title(), reason, now, now, now, now, now, Sql.millis(run.windowEnd())));
    return id;
  }

  public String open(Draft run) {
    return store.write(tx -> open(tx, run));
  }

  /**
   * Opens a drill that replays an example alert: the alert is stored as the run's one alert (what
   * its steps read as {@code alert}), under the fingerprint the caller gave it, so that it never
   * joins a real alert's episode or incident.
   */
  public String open(Tx tx, Draft run, Alert alert) {
    String id = open(tx, run);
    AlertDraft draft = new AlertDraft(alert, GroupKey.ofRun(run.ruleId(), run.key()), Optional.of(run.ruleId()),
        Optional.of(run.ruleVersion()), "replayed by a drill", Priority.valueOf(run.priority()));
    Sql.wrap(() -> new IntakeRows(json).insertAlert(tx, id, draft) ? Sql.update(tx.c(), "UPDATE incidents SET"
        + " first_alert = ?, fingerprint = ?, starts_at = ?, alert_count = 1, firing_count = 1 WHERE id = ?"
        + " AND first_alert IS NULL", draft.alertId(), alert.fingerprint(), draft.episode().startsAtKey(), id) : 0);
    return id;
  }

  /**
   * Records a slot missed while no replica ran (its window closed): an incident of its own,
   * escalated and ended at once; the caller pages it in the same transaction.
   */
  public String missed(Tx tx, Draft run, String reason) {
    String id = open(tx, run);
    Sql.wrap(() -> Sql.update(tx.c(), "UPDATE incidents SET status = ?, next_run_at = NULL, ended_at = ?,"
        + " updated_at = ? WHERE id = ?", IncidentStatus.ESCALATED.wire(), tx.now(), tx.now(), id));
    Timeline.append(tx, id, TimelineLine.of("status", reason));
    return id;
  }

  /**
   * Since when this process's cluster has watched a runbook's schedule: the first time any replica
   * looked (slots before it are not "missed", they were before runbookd ran).
   */
  public Instant watchedSince(Tx tx, String ruleId) {
    return Sql.wrap(() -> {
      Sql.update(tx.c(), "INSERT INTO runtime_settings (name, setting, updated_at, updated_by) VALUES (?, ?, ?,"
          + " 'scheduler') ON CONFLICT DO NOTHING", "schedule_since:" + ruleId,
          String.valueOf(tx.now().toEpochMilli()), tx.now());
      return Instant.ofEpochMilli(Long.parseLong(Sql.one(tx.c(), "SELECT setting FROM runtime_settings WHERE name = ?",
          rs -> rs.getString(1), "schedule_since:" + ruleId).orElseThrow()));
    });
  }

  /** Claims a schedule's slot for this process: true once per slot, across replicas and restarts. */
  public boolean claimSlot(Tx tx, String ruleId, String slot, String state) {
    return Sql.wrap(() -> Sql.update(tx.c(), "INSERT INTO schedule_slots (rule_id, slot, state, recorded_at)"
        + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", ruleId, slot, state, tx.now()) == 1);
  }

  /** Links a claimed slot to the incident that ran it (or recorded it missed). */
  public void slotIncident(Tx tx, String ruleId, String slot, String incidentId) {
    Sql.wrap(() -> Sql.update(tx.c(), "UPDATE schedule_slots SET incident_id = ? WHERE rule_id = ? AND slot = ?",
        incidentId, ruleId, slot));
  }

  /** The slots of a runbook already claimed (ran or missed), newest first. */
  public java.util.List<String> slots(String ruleId, int limit) {
    return store.read(c -> Sql.list(c, "SELECT slot FROM schedule_slots WHERE rule_id = ? ORDER BY slot DESC LIMIT ?",
        rs -> rs.getString(1), ruleId, limit));
  }

  private String write(Map<String, Object> value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("a run's parameters do not serialize: " + e.getOriginalMessage());
    }
  }
}

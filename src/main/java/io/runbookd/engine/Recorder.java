package io.runbookd.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.runbookd.actions.Outcome;
import io.runbookd.guard.Decision;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.probes.Finding;
import io.runbookd.store.EngineStore;
import io.runbookd.store.GuardStore;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Transition;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that interprets step outcomes into records: the incident timeline and step
 * table (durably, before the engine moves on), the metrics, and the log. Plugins and the rest
 * of the engine only return values.
 */
final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final EngineStore store;
  private final GuardStore guards;
  private final MeterRegistry metrics;
  private final ObjectMapper json;
  private final Clock clock;

  Recorder(EngineStore store, GuardStore guards, MeterRegistry metrics, ObjectMapper json, Clock clock) {
    this.store = store;
    this.guards = guards;
    this.metrics = metrics;
    this.json = json;
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  void probeStarted(String id, String stepId, String probe, Map<String, Object> params)
      throws SQLException {
    store.startStep(
        id,
        "diagnose:" + stepId,
        json(params),
        new TimelineLine("probe_started", "probe " + stepId + " (" + probe + ") started", json(params)),
        now());
  }

  void probeAnswered(String id, String stepId, String probe, Finding finding, Duration took)
      throws SQLException {
    metrics.timer("runbookd_probe_seconds", "probe", probe).record(took);
    store.finishStep(
        id,
        "diagnose:" + stepId,
        "succeeded",
        json(finding.data()),
        finding.summary(),
        new TimelineLine(
            "probe_result", "probe " + stepId + ": " + finding.summary(), json(finding.data())),
        now());
  }

  void probeFailed(String id, String stepId, String probe, String reason, Duration took)
      throws SQLException {
    metrics.timer("runbookd_probe_seconds", "probe", probe).record(took);
    log.warn("incident {}: probe {} ({}) failed: {}", id, stepId, probe, reason);
    store.finishStep(
        id,
        "diagnose:" + stepId,
        "failed",
        null,
        reason,
        TimelineLine.of("probe_failed", "probe " + stepId + " (" + probe + ") failed: " + reason),
        now());
  }

  void actionSkipped(String id, String stepId, String reason) throws SQLException {
    store.finishStep(
        id,
        "remediate:" + stepId,
        "skipped",
        null,
        reason,
        TimelineLine.of("action_skipped", "action " + stepId + " skipped: " + reason),
        now());
  }

  void actionPlanned(
      String id, String stepId, String action, Map<String, Object> params, String plan, List<Decision> decisions)
      throws SQLException {
    metrics.counter("runbookd_actions_total", "action", action, "result", "dry_run").increment();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("params", params);
    data.put("guards", decisions.stream().map(Recorder::decision).toList());
    store.finishStep(
        id,
        "remediate:" + stepId,
        "planned",
        json(data),
        plan,
        new TimelineLine("action_planned", "action " + stepId + " planned: " + plan + " (" + last(decisions) + ")", json(data)),
        now());
  }

  void actionBlocked(String id, String stepId, String action, Map<String, Object> params, Decision by)
      throws SQLException {
    metrics.counter("runbookd_actions_total", "action", action, "result", "blocked").increment();
    metrics.counter("runbookd_guard_blocks_total", "guard", by.guard()).increment();
    log.info("incident {}: action {} blocked by guard {}: {}", id, stepId, by.guard(), by.reason());
    store.finishStep(
        id,
        "remediate:" + stepId,
        "blocked",
        json(Map.of("params", params, "guard", decision(by))),
        by.reason(),
        TimelineLine.of("action_blocked", "action " + stepId + " blocked by guard " + by.guard() + ": " + by.reason()),
        now());
  }

  void actionStarted(String id, String stepId, Map<String, Object> params, String plan, List<Decision> decisions)
      throws SQLException {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("params", params);
    data.put("guards", decisions.stream().map(Recorder::decision).toList());
    store.startStep(
        id,
        "remediate:" + stepId,
        json(params),
        new TimelineLine("action_started", "action " + stepId + " started: " + plan, json(data)),
        now());
  }

  void actionFinished(String id, String stepId, String action, Outcome outcome, Duration took)
      throws SQLException {
    boolean ok = outcome.succeeded();
    metrics.timer("runbookd_action_seconds", "action", action).record(took);
    metrics.counter("runbookd_actions_total", "action", action, "result", ok ? "executed" : "failed").increment();
    String status = outcome.status().name().toLowerCase(java.util.Locale.ROOT);
    if (!ok) {
      log.warn("incident {}: action {} ({}) {}: {}", id, stepId, action, status, outcome.detail());
    }
    store.finishStep(
        id,
        "remediate:" + stepId,
        status,
        json(outcome.data()),
        outcome.detail(),
        new TimelineLine("action_" + status, "action " + stepId + " " + status + ": " + outcome.detail(), json(outcome.data())),
        now());
  }

  void undoStarted(String id, String stepId, Map<String, Object> params, String plan)
      throws SQLException {
    store.startStep(id, "undo:" + stepId, json(params),
        new TimelineLine("undo_started", "undo of " + stepId + " started: " + plan, json(params)), now());
  }

  void undoFinished(String id, String stepId, Outcome outcome) throws SQLException {
    String status = outcome.status().name().toLowerCase(java.util.Locale.ROOT);
    store.finishStep(id, "undo:" + stepId, status, json(outcome.data()), outcome.detail(),
        TimelineLine.of("undo_" + status, "undo of " + stepId + " " + status + ": " + outcome.detail()),
        now());
  }

  void verifyResult(String id, boolean holds, String detail) throws SQLException {
    store.timeline(id, TimelineLine.of(holds ? "verified" : "verify_pending", detail), now());
  }

  void note(String id, String kind, String message) throws SQLException {
    store.timeline(id, TimelineLine.of(kind, message), now());
  }

  boolean transition(
      String id, IncidentStatus from, IncidentStatus to, String reason, Optional<Instant> next, Optional<Instant> deadline)
      throws SQLException {
    return transition(id, from, to, reason, c -> List.of(), next, deadline);
  }

  /** A status change and the pages it decides, worked out in the same transaction. */
  boolean transition(String id, IncidentStatus from, IncidentStatus to, String reason,
      EngineStore.InTransaction pages, Optional<Instant> next, Optional<Instant> deadline)
      throws SQLException {
    boolean moved = store.transition(new Transition(id, from, to, reason, next, deadline), pages, now());
    if (moved && !to.inFlight()) {
      // A finished incident no longer holds its targets.
      guards.releaseLocks(id);
      log.info("incident {}: {} ({})", id, to.wire(), reason);
    }
    return moved;
  }

  void outcome(String rule, IncidentStatus status) {
    metrics.counter("runbookd_incidents_total", "rule", rule, "outcome", status.wire()).increment();
  }

  Timer.Sample start() {
    return Timer.start(metrics);
  }

  private static Map<String, Object> decision(Decision d) {
    return Map.of("guard", d.guard(), "verdict", d.verdict().name().toLowerCase(java.util.Locale.ROOT), "reason", d.reason());
  }

  private static String last(List<Decision> decisions) {
    return decisions.isEmpty() ? "" : decisions.get(decisions.size() - 1).reason();
  }

  String json(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return "{\"error\":\"not serializable\"}";
    }
  }
}

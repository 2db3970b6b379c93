package io.runbookd.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Outcome;
import io.runbookd.escalation.Escalations;
import io.runbookd.guard.Decision;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.redact.Redactor;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Lease;
import io.runbookd.store.LeaseStore;
import io.runbookd.store.StepStore;
import io.runbookd.store.Store;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Transition;
import io.runbookd.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that interprets step outcomes into records: the incident timeline and step
 * table (durably, before the engine moves on), the metrics, and the log. Every write is fenced
 * with the incident's lease: a replica that lost it records nothing. Plugins and the rest of
 * the engine only return values.
 */
final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final Store store;
  private final IncidentStore incidents;
  private final Escalations escalations;
  private final Metrics metrics;
  private final ObjectMapper json;
  private final Clock clock;
  private final java.util.function.Function<String, Redactor> redactors;

  /**
   * @param redactors a plugin's redactor by its name: what the timeline may keep of its
   *     parameters, data and messages (URLs without query or user information, bodies as a hash,
   *     secrets and marked data replaced)
   */
  Recorder(Store store, Escalations escalations, Metrics metrics, ObjectMapper json, Clock clock,
      java.util.function.Function<String, Redactor> redactors) {
    this.store = store;
    this.incidents = new IncidentStore(store, json);
    this.escalations = escalations;
    this.metrics = metrics;
    this.json = json;
    this.clock = clock;
    this.redactors = redactors;
  }

  Redactor redactor(String plugin) {
    return redactors.apply(plugin);
  }

  Instant now() {
    return clock.instant();
  }

  Metrics metrics() {
    return metrics;
  }

  /** A write fenced with the lease, in one commit. */
  <T> T write(Lease lease, Fenced<T> work) {
    return store.write(tx -> {
      LeaseStore.fence(tx, lease);
      return work.run(tx);
    });
  }

  /** Work in a fenced transaction. */
  @FunctionalInterface
  interface Fenced<T> {
    T run(Tx tx);
  }

  void probeTime(String probe, Duration took) {
    metrics.probe(probe, took);
  }

  void actionSkipped(Lease lease, String stepId, String reason) {
    step(lease, "remediate:" + stepId, "skipped", null, reason,
        TimelineLine.of("action_skipped", "action " + stepId + " skipped: " + reason));
  }

  void actionPlanned(Lease lease, String stepId, String action, Map<String, Object> params, String plan,
      List<Decision> decisions) {
    metrics.action(action, "dry_run");
    Redactor r = redactor(action);
    String data = json(Map.of("params", r.params(params), "guards", decisions.stream().map(Recorder::decision).toList()));
    String shown = r.text(plan, params, Map.of());
    step(lease, "remediate:" + stepId, "planned", data, shown, new TimelineLine("action_planned",
        "action " + stepId + " planned: " + shown + " (" + Redactor.TEXT.text(last(decisions)) + ")", data));
  }

  void actionBlocked(Lease lease, String stepId, String action, Map<String, Object> params, Decision by) {
    metrics.action(action, "blocked");
    metrics.guardBlock(by.guard());
    String reason = Redactor.TEXT.text(by.reason());
    log.info("incident {}: action {} blocked by guard {}: {}", lease.incidentId(), stepId, by.guard(), reason);
    step(lease, "remediate:" + stepId, "blocked", json(Map.of("params", redactor(action).params(params),
        "guard", decision(by))), reason,
        TimelineLine.of("action_blocked", "action " + stepId + " blocked by guard " + by.guard() + ": " + reason));
  }

  /**
   * What a mutating step writes before it runs: its ledger row and its started record. The step
   * record keeps the parameters as given (a retry and an undo re-bind them); the timeline keeps
   * them redacted.
   */
  record Start(String stepKey, Map<String, Object> params, String plan, List<Decision> decisions,
      Optional<String> undo, GuardStore.LedgerEntry ledger, Instant lockUntil) {}

  /**
   * In one commit: takes the target's lock, writes the ledger row and the step as started (with
   * what undoing it needs). Returns the other incident holding the target, if one does (then
   * nothing was written).
   */
  Optional<String> actionStarting(Lease lease, Start start) {
    return write(lease, tx -> {
      Optional<String> holder = GuardStore.lock(tx, start.ledger().targetKey(), lease.incidentId(), start.lockUntil());
      if (holder.isPresent()) {
        return holder;
      }
      GuardStore.record(tx, start.ledger());
      StepStore.start(tx, lease.incidentId(), start.stepKey(), json(start.params()), start.undo());
      Redactor r = redactor(start.ledger().action());
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("params", r.params(start.params()));
      data.put("guards", start.decisions().stream().map(Recorder::decision).toList());
      Timeline.append(tx, lease.incidentId(), new TimelineLine(start.stepKey().startsWith("undo:")
          ? "undo_started" : "action_started", what(start.stepKey()) + " started: "
              + r.text(start.plan(), start.params(), Map.of()), json(data)));
      return Optional.<String>empty();
    });
  }

  void actionFinished(Lease lease, String stepKey, String action, Outcome outcome, Duration took) {
    boolean ok = outcome.succeeded();
    metrics.actionTime(action, took);
    metrics.action(action, ok ? "executed" : "failed");
    String status = outcome.status().name().toLowerCase(Locale.ROOT);
    Redactor r = redactor(action);
    String detail = r.text(outcome.detail(), Map.of(), outcome.data());
    if (!ok) {
      log.warn("incident {}: {} ({}) {}: {}", lease.incidentId(), what(stepKey), action, status, detail);
    }
    String kind = (stepKey.startsWith("undo:") ? "undo_" : "action_") + status;
    // The step keeps the outcome's data as given: an undo is worked out from it.
    step(lease, stepKey, status, json(outcome.data()), detail,
        new TimelineLine(kind, what(stepKey) + " " + status + ": " + detail, json(r.data(outcome.data()))));
  }

  private static String what(String stepKey) {
    return stepKey.startsWith("undo:") ? "undo of " + stepKey.substring(5) : "action " + stepKey.substring(stepKey.indexOf(':') + 1);
  }

  private void step(Lease lease, String key, String status, String result, String detail, TimelineLine line) {
    write(lease, tx -> {
      StepStore.finish(tx, lease.incidentId(), key, status, result, detail);
      Timeline.append(tx, lease.incidentId(), line);
      return null;
    });
  }

  void verifyResult(Lease lease, boolean holds, String detail, String data) {
    note(lease, new TimelineLine(holds ? "verified" : "verify_pending", detail, data));
  }

  void note(Lease lease, String kind, String message) {
    note(lease, TimelineLine.of(kind, message));
  }

  void note(Lease lease, TimelineLine line) {
    TimelineLine shown = new TimelineLine(line.kind(), Redactor.TEXT.text(line.message()), line.data());
    write(lease, tx -> {
      Timeline.append(tx, lease.incidentId(), shown);
      return null;
    });
  }

  boolean transition(Lease lease, IncidentStatus from, IncidentStatus to, String reason, Optional<Instant> next,
      Optional<Instant> deadline) {
    return transition(lease, new Transition(lease.incidentId(), from, to, reason, next, deadline), tx -> {},
        tx -> {});
  }

  /**
   * A status change, what led to it ({@code before}: e.g. the probes' answers) and what it
   * decides ({@code after}: e.g. pages), in one commit; nothing is written when the incident
   * moved on meanwhile. An ended incident resolves its page and gives back its targets.
   */
  boolean transition(Lease lease, Transition t, java.util.function.Consumer<Tx> before,
      java.util.function.Consumer<Tx> after) {
    boolean moved = write(lease, tx -> {
      java.util.Optional<io.runbookd.incident.Incident> now = incidents.get(tx, t.id());
      if (now.isEmpty() || now.get().status() != t.from()) {
        return false;
      }
      before.accept(tx);
      if (!incidents.transition(tx, t)) {
        return false;
      }
      after.accept(tx);
      if (!t.to().inFlight()) {
        GuardStore.releaseLocks(tx, t.id());
      }
      if (t.to() == IncidentStatus.RESOLVED) {
        escalations.ended(tx, t.id());
      }
      return true;
    });
    if (moved && !t.to().inFlight()) {
      log.info("incident {}: {} ({})", t.id(), t.to().wire(), t.reason());
    }
    return moved;
  }

  /**
   * Asks a human to approve {@code stepId} (an action, an undo, a gate) before {@code deadline}:
   * the approval, its timeline line and the notice to pagers with buttons, in one commit.
   *
   * @param willRun exactly what runs once approved, redacted
   * @param why why it waits
   */
  void askApproval(Pass pass, String stepId, Instant deadline, String what, String willRun, String why) {
    write(pass.lease(), tx -> {
      GuardStore.requestApproval(tx, pass.id(), stepId, deadline);
      Timeline.append(tx, pass.id(), TimelineLine.of("approval_requested", what + " waits for approval until "
          + deadline + ": " + willRun + " (" + why + "); POST /api/v1/incidents/" + pass.id() + "/approve or /deny"));
      escalations.approvalNeeded(tx, ApprovalAsks.notice(pass.incident(), pass.rule(), stepId, willRun, why,
          deadline));
      return null;
    });
  }

  void reschedule(Lease lease, Instant at) {
    write(lease, tx -> {
      incidents.reschedule(tx, lease.incidentId(), at);
      return null;
    });
  }

  void outcome(String rule, IncidentStatus status) {
    metrics.incident(rule, status.wire());
  }

  private static Map<String, Object> decision(Decision d) {
    return Map.of("guard", d.guard(), "verdict", d.verdict().name().toLowerCase(Locale.ROOT), "reason", d.reason());
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

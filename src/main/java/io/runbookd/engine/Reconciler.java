package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.EngineStore;
import io.runbookd.store.IncidentReader;
import io.runbookd.store.StepRecord;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves one incident as far as it can go now: matched → diagnosing → acting → verifying →
 * resolved, or escalated / failed. It reads its position from the store every time (a fresh
 * start and a restart take the same path), and every step it takes is recorded before and
 * after it runs.
 */
final class Reconciler {
  private final IncidentReader incidents;
  private final EngineStore store;
  private final RuleSource rules;
  private final EngineSettings settings;
  private final Diagnosis diagnosis;
  private final Remediation remediation;
  private final Verification verification;
  private final Escalator escalator;
  private final Rollback rollback;
  private final Recorder recorder;

  Reconciler(IncidentReader incidents, EngineStore store, RuleSource rules, EngineSettings settings,
      Diagnosis diagnosis, Remediation remediation, Verification verification, Escalator escalator,
      Rollback rollback, Recorder recorder) {
    this.incidents = incidents;
    this.store = store;
    this.rules = rules;
    this.settings = settings;
    this.diagnosis = diagnosis;
    this.remediation = remediation;
    this.verification = verification;
    this.escalator = escalator;
    this.rollback = rollback;
    this.recorder = recorder;
  }

  void reconcile(String id) throws SQLException {
    Optional<Incident> found = incidents.get(id);
    if (found.isPresent() && found.get().status() == IncidentStatus.UNMATCHED) {
      escalator.unmatched(found.get());
      return;
    }
    if (found.isEmpty() || !found.get().status().inFlight()) {
      return;
    }
    Incident incident = found.get();
    Optional<Rule> rule =
        incident.rule().flatMap(r -> rules.rule(r, incident.ruleVersion().orElse("")));
    if (rule.isEmpty()) {
      escalator.fail(incident, incident.status(),
          "rule " + incident.rule().orElse("?") + " is no longer loaded; nothing was run");
      return;
    }
    advance(incident, rule.get());
  }

  private void advance(Incident incident, Rule rule) throws SQLException {
    IncidentStatus status = incident.status();
    Mode mode = settings.mode().strictest(rule.steps().mode().orElse(settings.mode()));
    if (status == IncidentStatus.MATCHED) {
      if (!recorder.transition(incident.id(), status, IncidentStatus.DIAGNOSING,
          "diagnosing: " + rule.steps().diagnose().size() + " probes; mode " + mode.wire(),
          Optional.of(recorder.now()), Optional.empty())) {
        return;
      }
      status = IncidentStatus.DIAGNOSING;
    }
    Map<String, StepRecord> steps = store.steps(incident.id());
    StepContext base = new StepContext(incident.alert(), Map.of(), settings.vars(), Optional.empty());
    if (status == IncidentStatus.DIAGNOSING) {
      diagnose(incident, rule, mode, base, steps);
    } else if (status == IncidentStatus.ACTING) {
      act(incident, rule, mode, withProbes(base, steps));
    } else if (status == IncidentStatus.AWAITING_APPROVAL) {
      if (recorder.transition(incident.id(), status, IncidentStatus.ACTING,
          "re-deciding the step that waited for approval", Optional.of(recorder.now()), Optional.empty())) {
        act(incident, rule, mode, withProbes(base, steps));
      }
    } else if (status == IncidentStatus.VERIFYING) {
      verify(incident, rule, withProbes(base, steps));
    }
  }

  private StepContext withProbes(StepContext base, Map<String, StepRecord> steps) {
    return new StepContext(base.alert(), diagnosis.recorded(steps), base.vars(), Optional.empty());
  }

  private void diagnose(Incident incident, Rule rule, Mode mode, StepContext base, Map<String, StepRecord> steps)
      throws SQLException {
    Map<String, Map<String, Object>> results = diagnosis.run(incident, rule, base, steps);
    int total = rule.steps().diagnose().size();
    if (total > 0 && results.isEmpty()) {
      escalator.escalate(incident, rule, IncidentStatus.DIAGNOSING,
          new Stop(Trigger.DIAGNOSIS_FAILED, "none of " + total + " probes answered"), store.steps(incident.id()));
      return;
    }
    if (!recorder.transition(incident.id(), IncidentStatus.DIAGNOSING, IncidentStatus.ACTING,
        "diagnosed: " + results.size() + " of " + total + " probes answered",
        Optional.of(recorder.now()), Optional.empty())) {
      return;
    }
    act(incident, rule, mode, new StepContext(base.alert(), results, base.vars(), Optional.empty()));
  }

  private void act(Incident incident, Rule rule, Mode mode, StepContext context) throws SQLException {
    String id = incident.id();
    if (mode == Mode.OBSERVE) {
      recorder.note(id, "remediation_skipped", "mode observe: remediation is not planned");
      escalator.escalate(incident, rule, IncidentStatus.ACTING,
          new Stop(Trigger.NO_ACTION, "mode observe: diagnosis only"), store.steps(id));
      return;
    }
    Remediation.Result result = remediation.run(incident, rule, mode, context, store.steps(id));
    Map<String, StepRecord> steps = store.steps(id);
    if (result.waitUntil().isPresent() && result.awaitingApproval()) {
      recorder.transition(id, IncidentStatus.ACTING, IncidentStatus.AWAITING_APPROVAL,
          "awaiting approval until " + result.waitUntil().get(), result.waitUntil(), Optional.empty());
    } else if (result.waitUntil().isPresent()) {
      store.reschedule(id, result.waitUntil().get());
    } else if (result.stop().isPresent()) {
      escalator.escalate(incident, rule, IncidentStatus.ACTING, result.stop().get(), steps);
    } else if (result.executed() > 0) {
      startVerifying(incident, rule, steps);
    } else if (result.planned() > 0) {
      escalator.escalate(incident, rule, IncidentStatus.ACTING, new Stop(Trigger.NO_ACTION,
          "mode " + mode.wire() + ": " + result.planned() + " actions planned, none run"), steps);
    } else {
      escalator.escalate(incident, rule, IncidentStatus.ACTING,
          new Stop(Trigger.NO_ACTION, "no remediation step applies"), steps);
    }
  }

  private void startVerifying(Incident incident, Rule rule, Map<String, StepRecord> steps) throws SQLException {
    Optional<VerifyStep> verify = rule.steps().verify();
    if (verify.isEmpty()) {
      escalator.escalate(incident, rule, IncidentStatus.ACTING, new Stop(Trigger.VERIFY_FAILED,
          "actions ran but the rule has no verify section: a human must confirm the fix"), steps);
      return;
    }
    Instant now = recorder.now();
    recorder.transition(incident.id(), IncidentStatus.ACTING, IncidentStatus.VERIFYING,
        "verifying '" + verify.get().condition().source() + "' within " + verify.get().within(),
        Optional.of(now.plus(verify.get().every())), Optional.of(now.plus(verify.get().within())));
  }

  private void verify(Incident incident, Rule rule, StepContext context) throws SQLException {
    VerifyStep verify = rule.steps().verify().orElseThrow();
    String id = incident.id();
    if (verification.holds(incident, verify, context)) {
      if (recorder.transition(id, IncidentStatus.VERIFYING, IncidentStatus.RESOLVED,
          "resolved: verified '" + verify.condition().source() + "'", Optional.empty(), Optional.empty())) {
        recorder.outcome(rule.id(), IncidentStatus.RESOLVED);
      }
      return;
    }
    Instant now = recorder.now();
    Instant deadline = store.verifyDeadline(id).orElse(now);
    if (!now.isBefore(deadline)) {
      Mode mode = settings.mode().strictest(rule.steps().mode().orElse(settings.mode()));
      List<String> undone = rollback.run(id, rule, mode, store.steps(id));
      escalator.escalate(incident, rule, IncidentStatus.VERIFYING, new Stop(Trigger.VERIFY_FAILED,
          "'" + verify.condition().source() + "' did not hold within " + verify.within()
              + (undone.isEmpty() ? "" : "; rolled back: " + String.join("; ", undone))),
          store.steps(id));
      return;
    }
    store.reschedule(id, now.plus(verify.every()));
  }
}

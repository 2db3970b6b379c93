package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Lease;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves one incident as far as it can go now: matched → diagnosing → acting → verifying →
 * resolved, or escalated. It reads its position from the store every time (a fresh start and a
 * restart take the same path), and every step it takes is recorded, fenced with its lease. The
 * runbook runs once per incident: alerts that join while it runs do not restart it.
 */
final class Reconciler {
  private final IncidentStore incidents;
  private final StepStore steps;
  private final RuleSource rules;
  private final EngineSettings settings;
  private final Diagnosis diagnosis;
  private final Remediation remediation;
  private final Verification verification;
  private final Escalator escalator;
  private final Rollback rollback;
  private final Recorder recorder;
  private final StaleProbes stale;
  private final Stages stages;
  private final RunReports reports;

  Reconciler(IncidentStore incidents, StepStore steps, RuleSource rules, EngineSettings settings,
      Diagnosis diagnosis, Remediation remediation, Verification verification, Escalator escalator,
      Rollback rollback, Recorder recorder, StaleProbes stale, Stages stages, RunReports reports) {
    this.incidents = incidents;
    this.steps = steps;
    this.rules = rules;
    this.settings = settings;
    this.diagnosis = diagnosis;
    this.remediation = remediation;
    this.verification = verification;
    this.escalator = escalator;
    this.rollback = rollback;
    this.recorder = recorder;
    this.stale = stale;
    this.stages = stages;
    this.reports = reports;
  }

  void reconcile(Lease lease) {
    Optional<Incident> found = incidents.get(lease.incidentId());
    if (found.isEmpty() || found.get().status() == IncidentStatus.RESOLVED) {
      return;
    }
    Incident incident = found.get();
    io.runbookd.log.LogContext.Scope scope = io.runbookd.log.LogContext.incident(incident.id(),
        incident.rule().orElse(""));
    try (scope) {
      reconcile(lease, incident);
    }
  }

  private void reconcile(Lease lease, Incident incident) {
    Optional<Rule> rule = incident.rule().flatMap(r -> rules.rule(r, incident.ruleVersion().orElse("")));
    if (alertsGone(incident) && endsNow(lease, incident)) {
      return;
    }
    if (!incident.status().inFlight()) {
      rest(lease, incident, rule);
      return;
    }
    if (rule.isEmpty()) {
      escalator.fail(lease, incident, "rule " + incident.rule().orElse("?") + " is no longer loaded; nothing was run");
      return;
    }
    Mode mode = settings.mode().strictest(rule.get().steps().mode().orElse(settings.mode()));
    if (incident.trigger().kind().equals("drill")) {
      mode = mode.strictest(Mode.DRY_RUN);
    }
    advance(new Pass(incident, rule.get(), mode, lease, RunParams.of(incident)));
    incidents.get(incident.id()).ifPresent(now -> reports.afterPass(lease, now, rule.get(), steps.steps(now.id())));
  }

  private static boolean alertsGone(Incident incident) {
    return incident.trigger().kind().equals("alert") && incident.firingCount() <= 0;
  }

  /**
   * Every alert has resolved. A resting incident ends; one whose runbook has not acted yet ends
   * too; one that acted goes on to (or stays in) verification: a resolved notification never cuts
   * verification short.
   */
  private boolean endsNow(Lease lease, Incident incident) {
    IncidentStatus status = incident.status();
    boolean acted = steps.steps(incident.id()).entrySet().stream()
        .anyMatch(e -> e.getKey().startsWith("remediate:") && "done".equals(e.getValue().status()));
    if (status == IncidentStatus.VERIFYING || (acted && status.inFlight())) {
      return false;
    }
    String why = status.inFlight()
        ? "resolved: all " + incident.alertCount() + " alerts resolved before the runbook acted"
        : "resolved: all " + incident.alertCount() + " alerts resolved";
    if (recorder.transition(lease, status, IncidentStatus.RESOLVED, why, Optional.empty(), Optional.empty())) {
      recorder.outcome(incident.rule().orElse(""), IncidentStatus.RESOLVED);
    }
    return true;
  }

  /** A resting incident looked at again: page it (unmatched, first time) or refresh its page. */
  private void rest(Lease lease, Incident incident, Optional<Rule> rule) {
    boolean paged = recorder.write(lease, tx -> incidents.pageOf(tx, incident.id()).isPresent());
    if (incident.status() == IncidentStatus.UNMATCHED && !paged) {
      escalator.unmatched(lease, incident);
    } else if (paged) {
      escalator.refresh(lease, incident, rule, steps.steps(incident.id()));
    } else {
      recorder.write(lease, tx -> {
        incidents.rest(tx, incident.id(), incident.status(), Optional.empty());
        return null;
      });
    }
  }

  private void advance(Pass pass) {
    IncidentStatus status = pass.incident().status();
    Map<String, StepRecord> recorded = steps.steps(pass.id());
    StepContext base = new StepContext(pass.incident().alert(), Map.of(), settings.vars(), Optional.empty(),
        pass.params());
    if (pass.rule().steps().staged() && status != IncidentStatus.MATCHED && status != IncidentStatus.DIAGNOSING) {
      stages.advance(pass, withProbes(base, recorded));
      return;
    }
    switch (status) {
      case MATCHED, DIAGNOSING -> diagnose(pass, base);
      case ACTING -> act(pass, stale.fresh(pass, withProbes(base, recorded), recorded, pass.rule().steps().remediate()));
      case AWAITING_APPROVAL -> {
        if (recorder.transition(pass.lease(), status, IncidentStatus.ACTING,
            "re-deciding the step that waited for approval", Optional.of(recorder.now()), Optional.empty())) {
          act(pass, stale.fresh(pass, withProbes(base, recorded), recorded, pass.rule().steps().remediate()));
        }
      }
      case VERIFYING -> verify(pass, withProbes(base, recorded));
      default -> { }
    }
  }

  private StepContext withProbes(StepContext base, Map<String, StepRecord> recorded) {
    return new StepContext(base.alert(), diagnosis.recorded(recorded), base.vars(), Optional.empty(), base.params());
  }

  /** All probes at once, then their answers and the move to acting in one commit. */
  private void diagnose(Pass pass, StepContext base) {
    int total = pass.rule().steps().diagnose().size();
    if (pass.incident().status() == IncidentStatus.MATCHED && !recorder.transition(pass.lease(),
        IncidentStatus.MATCHED, IncidentStatus.DIAGNOSING, "diagnosing: " + total + " probes; mode "
            + pass.mode().wire(), Optional.of(recorder.now()), Optional.empty())) {
      return;
    }
    List<Diagnosis.Answer> answers = diagnosis.run(pass.rule().steps().diagnose(), base);
    Map<String, Map<String, Object>> results = Diagnosis.data(answers);
    IncidentStatus from = IncidentStatus.DIAGNOSING;
    if (total > 0 && results.isEmpty()) {
      recorder.write(pass.lease(), tx -> {
        diagnosis.record(tx, pass.id(), answers);
        return null;
      });
      escalator.escalate(pass, from, new Stop(Trigger.DIAGNOSIS_FAILED, "none of " + total
          + " probes answered: " + failed(answers)), steps.steps(pass.id()));
      return;
    }
    String reason = "diagnosed: " + results.size() + " of " + total + " probes answered"
        + (results.size() < total ? "; failed: " + failed(answers) : "");
    if (!recorder.transition(pass.lease(), new Transition(pass.id(), from, IncidentStatus.ACTING, reason,
        Optional.of(recorder.now()), Optional.empty()), tx -> diagnosis.record(tx, pass.id(), answers), tx -> {})) {
      return;
    }
    act(pass, new StepContext(base.alert(), results, base.vars(), Optional.empty(), base.params()));
  }

  private static String failed(List<Diagnosis.Answer> answers) {
    return String.join(", ", answers.stream().filter(a -> !a.answered())
        .map(a -> a.step().id() + " (" + a.failure() + ")").toList());
  }

  private void act(Pass pass, StepContext context) {
    String id = pass.id();
    if (pass.mode() == Mode.OBSERVE) {
      recorder.note(pass.lease(), "remediation_skipped", "mode observe: remediation is not planned");
      escalator.escalate(pass, IncidentStatus.ACTING, new Stop(Trigger.NO_ACTION, "mode observe: diagnosis only"),
          steps.steps(id));
      return;
    }
    if (pass.rule().steps().staged()) {
      stages.advance(pass, context);
      return;
    }
    Remediation.Result result = remediation.run(pass, context, steps.steps(id));
    Map<String, StepRecord> recorded = steps.steps(id);
    if (result.waitUntil().isPresent() && result.awaitingApproval()) {
      recorder.transition(pass.lease(), IncidentStatus.ACTING, IncidentStatus.AWAITING_APPROVAL,
          "awaiting approval until " + result.waitUntil().get(), result.waitUntil(), Optional.empty());
    } else if (result.waitUntil().isPresent()) {
      recorder.reschedule(pass.lease(), result.waitUntil().get());
    } else if (result.stop().isPresent()) {
      escalator.escalate(pass, IncidentStatus.ACTING, result.stop().get(), recorded);
    } else if (result.executed() > 0 || acted(recorded)) {
      startVerifying(pass, recorded);
    } else if (result.planned() > 0) {
      escalator.escalate(pass, IncidentStatus.ACTING, new Stop(Trigger.NO_ACTION, "mode " + pass.mode().wire()
          + ": " + result.planned() + " actions planned, none run"), recorded);
    } else {
      escalator.escalate(pass, IncidentStatus.ACTING, nothingApplies(pass, recorded), recorded);
    }
  }

  /**
   * Why no step applied, truthfully: when probes failed, the diagnosis is what failed (a step
   * may have applied on what they would have said), and the reason names them.
   */
  private static Stop nothingApplies(Pass pass, Map<String, StepRecord> recorded) {
    List<String> failed = recorded.entrySet().stream()
        .filter(e -> e.getKey().startsWith("diagnose:") && "failed".equals(e.getValue().status()))
        .map(e -> e.getKey().substring("diagnose:".length()) + " (" + e.getValue().detail().orElse("?") + ")")
        .toList();
    if (failed.isEmpty()) {
      return new Stop(Trigger.NO_ACTION, "no remediation step applies");
    }
    return new Stop(Trigger.DIAGNOSIS_FAILED, failed.size() + " of " + pass.rule().steps().diagnose().size()
        + " probes failed: " + String.join(", ", failed) + "; no remediation step applies on what the others said");
  }

  private static boolean acted(Map<String, StepRecord> recorded) {
    return recorded.entrySet().stream()
        .anyMatch(e -> e.getKey().startsWith("remediate:") && "done".equals(e.getValue().status()));
  }

  private void startVerifying(Pass pass, Map<String, StepRecord> recorded) {
    Optional<VerifyStep> verify = pass.rule().steps().verify();
    if (verify.isEmpty()) {
      escalator.escalate(pass, IncidentStatus.ACTING, new Stop(Trigger.VERIFY_FAILED,
          "actions ran but the rule has no verify section: a human must confirm the fix"), recorded);
      return;
    }
    Instant now = recorder.now();
    recorder.transition(pass.lease(), IncidentStatus.ACTING, IncidentStatus.VERIFYING,
        "verifying '" + verify.get().condition().source() + "' within " + StepDurations.show(verify.get().within()),
        Optional.of(now.plus(verify.get().every())), Optional.of(now.plus(verify.get().within())));
  }

  private void verify(Pass pass, StepContext context) {
    VerifyStep verify = pass.rule().steps().verify().orElseThrow();
    Map<String, StepRecord> recorded = steps.steps(pass.id());
    Instant deadline = pass.incident().verifyDeadline().orElse(recorder.now());
    if (!recorder.now().isBefore(deadline)) {
      rollBack(pass, verify, recorded);
      return;
    }
    Verification.Reading reading = verification.read(pass, verify, context,
        Optional.ofNullable(recorded.get(Verification.STEP)));
    if (reading == Verification.Reading.VERIFIED) {
      Incident now = incidents.get(pass.id()).orElse(pass.incident());
      IncidentStatus to = alertsGone(now) || !now.trigger().kind().equals("alert")
          ? IncidentStatus.RESOLVED : IncidentStatus.VERIFIED;
      String held = verify.holdFor().isZero() ? "" : " for " + StepDurations.show(verify.holdFor());
      String why = to == IncidentStatus.RESOLVED ? "resolved: verified '" + verify.condition().source() + "'" + held
          : "verified '" + verify.condition().source() + "'" + held + "; " + now.firingCount()
              + " alerts still firing: it ends when they resolve";
      if (recorder.transition(pass.lease(), IncidentStatus.VERIFYING, to, why, Optional.empty(), Optional.empty())) {
        recorder.outcome(pass.rule().id(), to);
      }
      return;
    }
    Instant next = recorder.now().plus(verify.every());
    recorder.reschedule(pass.lease(), next.isAfter(deadline) ? deadline : next);
  }

  /**
   * The window closed without the fix verified: take back what was done, then escalate. An undo
   * that waits for approval keeps the incident verifying until it is decided or times out.
   */
  private void rollBack(Pass pass, VerifyStep verify, Map<String, StepRecord> recorded) {
    Rollback.Result undone = rollback.run(pass, recorded);
    if (undone.waitUntil().isPresent()) {
      recorder.reschedule(pass.lease(), undone.waitUntil().get());
      return;
    }
    escalator.escalate(pass, IncidentStatus.VERIFYING, new Stop(Trigger.VERIFY_FAILED,
        "'" + verify.condition().source() + "' did not hold" + (verify.holdFor().isZero() ? ""
            : " for " + StepDurations.show(verify.holdFor())) + " within " + StepDurations.show(verify.within())
            + (undone.lines().isEmpty() ? "" : "; rolled back: " + String.join("; ", undone.lines()))),
        steps.steps(pass.id()));
  }
}

package io.runbookd.engine;

import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * How a runbook in stages ends. A failure is recorded first (step {@value #KEY}: why, and the
 * reason to page), so that the rollback after it survives a restart: every reversible action
 * is taken back, newest first; then, when the rule has {@code verify_rollback} and something was
 * undone, that condition is read until it holds or its window closes; then the incident is
 * escalated with the failure, what was rolled back and what the check found. Success is all
 * stages passed.
 */
final class StageFailure {
  static final String KEY = "stages:failed";
  private static final String CHECK = "rollback:verify";

  private final IncidentStore incidents;
  private final StepStore steps;
  private final Rollback rollback;
  private final Verification verification;
  private final Escalator escalator;
  private final Recorder recorder;

  StageFailure(IncidentStore incidents, StepStore steps, Rollback rollback, Verification verification,
      Escalator escalator, Recorder recorder) {
    this.incidents = incidents;
    this.steps = steps;
    this.rollback = rollback;
    this.verification = verification;
    this.escalator = escalator;
    this.recorder = recorder;
  }

  void fail(Pass pass, Stop stop, StepContext context) {
    recorder.write(pass.lease(), tx -> {
      StepStore.finish(tx, pass.id(), KEY, "failed", stop.trigger().name(), stop.reason());
      Timeline.append(tx, pass.id(), TimelineLine.of("stage_failed", stop.reason()));
      return null;
    });
    continueFrom(pass, context, steps.steps(pass.id()));
  }

  /** Rolls back, checks the rollback, escalates: as far as it goes now. */
  void continueFrom(Pass pass, StepContext context, Map<String, StepRecord> recorded) {
    StepRecord failed = recorded.get(KEY);
    Stop stop = new Stop(Trigger.valueOf(failed.result().orElse(Trigger.GATE_FAILED.name())),
        failed.detail().orElse("a stage failed"));
    Rollback.Result undone = rollback.run(pass, recorded);
    if (undone.waitUntil().isPresent()) {
      recorder.reschedule(pass.lease(), undone.waitUntil().get());
      return;
    }
    Map<String, StepRecord> now = steps.steps(pass.id());
    boolean undid = now.entrySet().stream()
        .anyMatch(e -> e.getKey().startsWith("undo:") && "done".equals(e.getValue().status()));
    String rolledBack = undone.lines().isEmpty() ? "; nothing to roll back"
        : "; rolled back: " + String.join("; ", undone.lines());
    Optional<VerifyStep> check = pass.rule().steps().verifyRollback();
    String checked = "";
    if (check.isPresent() && undid) {
      Optional<String> found = check(pass, check.get(), context, now);
      if (found.isEmpty()) {
        return;
      }
      checked = "; " + found.get();
    }
    Incident incident = incidents.get(pass.id()).orElse(pass.incident());
    escalator.escalate(pass, incident.status(), new Stop(stop.trigger(), stop.reason() + rolledBack + checked), now);
  }

  /** The rollback's check; empty while it is still being read. */
  private Optional<String> check(Pass pass, VerifyStep check, StepContext context, Map<String, StepRecord> recorded) {
    Instant now = recorder.now();
    StepRecord started = recorded.get(CHECK);
    if (started == null) {
      Instant deadline = now.plus(check.within());
      recorder.write(pass.lease(), tx -> {
        StepStore.finish(tx, pass.id(), CHECK, "verifying", null, deadline.toString());
        Timeline.append(tx, pass.id(), TimelineLine.of("rollback_check", "after the rollback: checking '"
            + check.condition().source() + "' within " + StepDurations.show(check.within())));
        incidents.reschedule(tx, pass.id(), now);
        return null;
      });
      started = steps.steps(pass.id()).get(CHECK);
    }
    Instant deadline = Instant.parse(started.detail().orElseThrow());
    Verification.Reading reading = verification.read(pass, check, context, CHECK + ":window",
        Optional.ofNullable(recorded.get(CHECK + ":window")));
    if (reading == Verification.Reading.VERIFIED) {
      return Optional.of("after the rollback '" + check.condition().source() + "' holds");
    }
    if (!now.isBefore(deadline)) {
      return Optional.of("after the rollback '" + check.condition().source() + "' did NOT hold within "
          + StepDurations.show(check.within()) + ": a human must check what is served");
    }
    Instant again = now.plus(check.every());
    recorder.reschedule(pass.lease(), again.isAfter(deadline) ? deadline : again);
    return Optional.empty();
  }

  /** Every stage passed: the run ends; a dry run that only planned escalates like a flat one. */
  void finish(Pass pass, Map<String, StepRecord> recorded) {
    long ran = count(recorded, "done");
    long planned = count(recorded, "planned");
    IncidentStatus from = pass.incident().status();
    if (ran == 0 && planned > 0) {
      escalator.escalate(pass, from, new Stop(Trigger.NO_ACTION, "mode " + pass.mode().wire() + ": " + planned
          + " actions planned over " + pass.rule().steps().stages().size() + " stages, none run"), recorded);
      return;
    }
    boolean alertDriven = pass.incident().trigger().kind().equals("alert");
    IncidentStatus to = alertDriven && pass.incident().firingCount() > 0 ? IncidentStatus.VERIFIED
        : IncidentStatus.RESOLVED;
    String why = "all " + pass.rule().steps().stages().size() + " stages passed (" + ran + " actions run)";
    if (recorder.transition(pass.lease(), from, to, to == IncidentStatus.RESOLVED ? "resolved: " + why
        : why + "; " + pass.incident().firingCount() + " alerts still firing: it ends when they resolve",
        Optional.empty(), Optional.empty())) {
      recorder.outcome(pass.rule().id(), to);
    }
  }

  private static long count(Map<String, StepRecord> recorded, String status) {
    return recorded.entrySet().stream()
        .filter(e -> e.getKey().startsWith("remediate:") && status.equals(e.getValue().status())).count();
  }
}

package io.runbookd.engine;

import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.Stage;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves a runbook in stages as far as it can go now: each stage's actions (the incident is
 * {@code acting}), their verification and a watch gate ({@code verifying}) or an approval gate
 * ({@code awaiting_approval}), then the next stage. Where it stands is read from its step records
 * on every pass ({@code stage:<id>} once a stage passed), so a restart or a failover resumes
 * exactly there. Any failure after an action ran rolls back every reversible action, newest
 * first ({@link StageFailure}), then pages with the evidence.
 */
final class Stages {
  private final IncidentStore incidents;
  private final StepStore steps;
  private final Remediation remediation;
  private final Verification verification;
  private final Gates gates;
  private final StaleProbes stale;
  private final StageFailure failure;
  private final Recorder recorder;

  Stages(IncidentStore incidents, StepStore steps, Remediation remediation, Verification verification, Gates gates,
      StaleProbes stale, StageFailure failure, Recorder recorder) {
    this.incidents = incidents;
    this.steps = steps;
    this.remediation = remediation;
    this.verification = verification;
    this.gates = gates;
    this.stale = stale;
    this.failure = failure;
    this.recorder = recorder;
  }

  void advance(Pass start, StepContext context) {
    List<Stage> stages = start.rule().steps().stages();
    for (int round = 0; round <= stages.size(); round++) {
      Optional<Pass> pass = refreshed(start);
      if (pass.isEmpty() || !pass.get().incident().status().inFlight()) {
        return;
      }
      Map<String, StepRecord> recorded = steps.steps(start.id());
      if (recorded.containsKey(StageFailure.KEY)) {
        failure.continueFrom(pass.get(), context, recorded);
        return;
      }
      int next = firstOpen(stages, recorded);
      if (next == stages.size()) {
        failure.finish(pass.get(), recorded);
        return;
      }
      Optional<Stage> after = next + 1 < stages.size() ? Optional.of(stages.get(next + 1)) : Optional.empty();
      if (!step(pass.get(), stages.get(next), after, context, recorded)) {
        return;
      }
    }
  }

  private static int firstOpen(List<Stage> stages, Map<String, StepRecord> recorded) {
    int i = 0;
    while (i < stages.size() && recorded.containsKey(passedKey(stages.get(i)))) {
      i++;
    }
    return i;
  }

  static String passedKey(Stage stage) {
    return "stage:" + stage.id();
  }

  /** One stage as far as it goes now; true once it passed. */
  private boolean step(Pass pass, Stage stage, Optional<Stage> next, StepContext context,
      Map<String, StepRecord> recorded) {
    String acted = "stage:" + stage.id() + ":acted";
    if (!recorded.containsKey(acted)) {
      if (!act(pass, stage, context, recorded, acted)) {
        return false;
      }
      recorded = steps.steps(pass.id());
    }
    Optional<VerifyStep> verify = stage.verify();
    if (verify.isPresent() && !done(recorded, "verify:" + stage.id())
        && !verify(pass, stage, verify.get(), context, recorded)) {
      return false;
    }
    if (stage.gate().isPresent() && !done(recorded, Gates.key(stage)) && !gate(pass, stage, next, context, recorded)) {
      return false;
    }
    recorder.write(pass.lease(), tx -> {
      StepStore.finish(tx, pass.id(), passedKey(stage), "passed", null, null);
      Timeline.append(tx, pass.id(), TimelineLine.of("stage_passed", "stage " + stage.id() + " passed"
          + next.map(s -> "; next: stage " + s.id()).orElse("; it was the last")));
      return null;
    });
    return true;
  }

  private static boolean done(Map<String, StepRecord> recorded, String key) {
    StepRecord record = recorded.get(key);
    return record != null && (record.status().equals("passed") || record.status().equals("skipped"));
  }

  private boolean act(Pass pass, Stage stage, StepContext context, Map<String, StepRecord> recorded, String acted) {
    IncidentStatus status = pass.incident().status();
    if (status != IncidentStatus.ACTING && !recorder.transition(pass.lease(), status, IncidentStatus.ACTING,
        "stage " + stage.id() + ": " + (status == IncidentStatus.AWAITING_APPROVAL ? "approval decided; " : "")
            + "acting (" + stage.actions().size() + " actions)",
        Optional.of(recorder.now()), Optional.empty())) {
      return false;
    }
    StepContext fresh = stale.fresh(pass, context, recorded, stage.actions());
    Remediation.Result result = remediation.run(pass, stage.actions(), fresh, recorded);
    if (result.waitUntil().isPresent()) {
      if (result.awaitingApproval()) {
        recorder.transition(pass.lease(), IncidentStatus.ACTING, IncidentStatus.AWAITING_APPROVAL,
            "awaiting approval until " + result.waitUntil().get(), result.waitUntil(), Optional.empty());
      } else {
        recorder.reschedule(pass.lease(), result.waitUntil().get());
      }
      return false;
    }
    if (result.stop().isPresent()) {
      failure.fail(pass, result.stop().get(), context);
      return false;
    }
    recorder.write(pass.lease(), tx -> {
      StepStore.finish(tx, pass.id(), acted, "done", null, result.executed() + " run, " + result.planned()
          + " planned");
      return null;
    });
    return true;
  }

  /** The stage's verification: started once (its deadline stored), then read until it holds. */
  private boolean verify(Pass pass, Stage stage, VerifyStep verify, StepContext context,
      Map<String, StepRecord> recorded) {
    String key = "verify:" + stage.id();
    boolean ran = stage.actions().stream().map(a -> recorded.get("remediate:" + a.id()))
        .anyMatch(r -> r != null && r.status().equals("done"));
    Instant now = recorder.now();
    if (!ran) {
      recorder.write(pass.lease(), tx -> {
        StepStore.finish(tx, pass.id(), key, "skipped", null, "no action of the stage ran: nothing to verify");
        return null;
      });
      return true;
    }
    StepRecord started = recorded.get(key);
    if (started == null) {
      Instant deadline = now.plus(verify.within());
      recorder.write(pass.lease(), tx -> {
        StepStore.finish(tx, pass.id(), key, "verifying", null, deadline.toString());
        return null;
      });
      moveTo(pass, IncidentStatus.VERIFYING, "stage " + stage.id() + ": verifying '" + verify.condition().source()
          + "' within " + StepDurations.show(verify.within()), now.plus(verify.every()));
      return false;
    }
    Instant deadline = Instant.parse(started.detail().orElseThrow());
    if (!now.isBefore(deadline)) {
      failure.fail(pass, new Stop(Trigger.VERIFY_FAILED, "stage " + stage.id() + ": '" + verify.condition().source()
          + "' did not hold within " + StepDurations.show(verify.within())), context);
      return false;
    }
    Verification.Reading reading = verification.read(pass, verify, context, key + ":window",
        Optional.ofNullable(recorded.get(key + ":window")));
    if (reading == Verification.Reading.VERIFIED) {
      recorder.write(pass.lease(), tx -> {
        StepStore.finish(tx, pass.id(), key, "passed", null, "verified '" + verify.condition().source() + "'");
        return null;
      });
      return true;
    }
    Instant again = now.plus(verify.every());
    recorder.reschedule(pass.lease(), again.isAfter(deadline) ? deadline : again);
    return false;
  }

  private boolean gate(Pass pass, Stage stage, Optional<Stage> next, StepContext context,
      Map<String, StepRecord> recorded) {
    Gates.Look look = gates.look(pass, stage, next, context, recorded);
    if (look.failed().isPresent()) {
      failure.fail(pass, look.failed().get(), context);
      return false;
    }
    if (look.next().isPresent()) {
      IncidentStatus to = look.approval() ? IncidentStatus.AWAITING_APPROVAL : IncidentStatus.VERIFYING;
      moveTo(pass, to, "stage " + stage.id() + ": " + (look.approval() ? "waiting for approval until "
          : "watching its gate; next look at ") + look.next().get(), look.next().get());
      return false;
    }
    if (stage.gate().get() instanceof io.runbookd.rules.Gate.Approval) {
      recorder.write(pass.lease(), tx -> {
        StepStore.finish(tx, pass.id(), Gates.key(stage), "passed", null, "approved");
        return null;
      });
    }
    return true;
  }

  /** Moves the incident to {@code to} (or, already there, just sets its next look). */
  private void moveTo(Pass pass, IncidentStatus to, String why, Instant next) {
    IncidentStatus from = pass.incident().status();
    if (from == to) {
      recorder.reschedule(pass.lease(), next);
    } else {
      recorder.transition(pass.lease(), from, to, why, Optional.of(next), Optional.empty());
    }
  }

  private Optional<Pass> refreshed(Pass pass) {
    return incidents.get(pass.id()).map(i -> new Pass(i, pass.rule(), pass.mode(), pass.lease(), pass.params()));
  }
}

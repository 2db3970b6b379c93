package io.runbookd.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Undo;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Decision;
import io.runbookd.guard.Guardrails;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.StepDurations;
import io.runbookd.store.GuardStore;
import io.runbookd.store.Lease;
import io.runbookd.store.StepRecord;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a failed verification (or a failed stage of a staged runbook): takes back, newest first,
 * every reversible action the incident ran, each through the same guards as an action (rate
 * limits and the blast radius do not hold back an undo; the kill switch, the mode and approval
 * do: an undo that cannot itself be undone waits for a human like any such action). The way back is the one stored with the step before
 * it ran, else the one its outcome gives. A rollback that waits for approval resumes where it
 * stopped.
 */
final class Rollback {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Actions actions;
  private final Guardrails guards;
  private final Calls calls;
  private final Recorder recorder;
  private final GuardStore guardStore;
  private final Undos undos;
  private final EngineSettings settings;
  private final ObjectMapper json;

  Rollback(Actions actions, Guardrails guards, Calls calls, Recorder recorder, GuardStore guardStore, Undos undos,
      EngineSettings settings, ObjectMapper json) {
    this.actions = actions;
    this.guards = guards;
    this.calls = calls;
    this.recorder = recorder;
    this.guardStore = guardStore;
    this.undos = undos;
    this.settings = settings;
    this.json = json;
  }

  /** What the rollback came to: a line per step, and when to come back if an undo waits. */
  record Result(List<String> lines, Optional<Instant> waitUntil) {}

  Result run(Pass pass, Map<String, StepRecord> steps) {
    List<String> lines = new ArrayList<>();
    List<ActionStep> done = new ArrayList<>(pass.rule().steps().actions());
    Collections.reverse(done);
    for (ActionStep step : done) {
      StepRecord record = steps.get("remediate:" + step.id());
      StepRecord undone = steps.get("undo:" + step.id());
      if (record == null || !"done".equals(record.status())) {
        continue;
      }
      if (undone != null && !undone.unfinished()) {
        lines.add(step.id() + " undone earlier: " + undone.detail().orElse(undone.status()));
        continue;
      }
      Step result = undo(pass, step, record);
      lines.add(result.line());
      if (result.waitUntil().isPresent()) {
        return new Result(lines, result.waitUntil());
      }
    }
    return new Result(lines, Optional.empty());
  }

  /** One step's undo: its line, and the wait when it needs a human first. */
  private record Step(String line, Optional<Instant> waitUntil) {
    static Step of(String line) {
      return new Step(line, Optional.empty());
    }
  }

  private Step undo(Pass pass, ActionStep step, StepRecord record) {
    Optional<Undo> undo = record.undo().flatMap(undos::read);
    if (undo.isEmpty()) {
      try {
        undo = undoOf(actions.find(step.action()).orElseThrow(), record);
      } catch (ParamException | IOException | RuntimeException e) {
        return Step.of(note(pass.lease(), step, "cannot work out how to undo it: " + e.getMessage()));
      }
    }
    if (undo.isEmpty()) {
      return Step.of(note(pass.lease(), step, "nothing to undo (" + step.action() + " changes no desired state)"));
    }
    return runUndo(pass, step, undo.get());
  }

  private <P> Optional<Undo> undoOf(Action<P> action, StepRecord record) throws ParamException, IOException {
    Map<String, Object> params = json.readValue(record.params().orElse("{}"), MAP);
    Map<String, Object> data = json.readValue(record.result().orElse("{}"), MAP);
    P bound = action.bind(ParamBinder.bind(action.info().params(), params));
    return action.undo(bound, new Outcome(Outcome.Status.DONE, record.detail().orElse(""), data));
  }

  private Step runUndo(Pass pass, ActionStep step, Undo undo) {
    Lease lease = pass.lease();
    Action<?> action = actions.find(undo.action()).orElse(null);
    if (action == null) {
      return Step.of(note(lease, step, actions.unknown(undo.action())));
    }
    String key = "undo:" + step.id();
    try {
      Bound.BoundAction bound = Bound.action(action, ParamBinder.bind(action.info().params(), undo.params()));
      Guardrails.Result verdict = guards.check(new ActionRequest(pass.id(), pass.rule().id(), key, undo.action(),
          bound.target(), pass.mode(), bound.reversibility(), false, true));
      if (verdict.verdict() == Decision.Verdict.HOLD) {
        return awaitApproval(pass, step, key, bound, verdict);
      }
      if (verdict.verdict() != Decision.Verdict.ALLOW) {
        return Step.of(note(lease, step, "undo not run: " + verdict.deciding().reason()));
      }
      recorder.actionStarting(lease, new Recorder.Start(key, undo.params(), bound.describe(), verdict.decisions(),
          Optional.empty(), new GuardStore.LedgerEntry(pass.id(), pass.rule().id(), key, undo.action(),
              bound.target().key(), bound.target().kind()), recorder.now().plus(Attempts.LOCK_FOR)));
      Outcome outcome = calls.write(bound.target().system(), step.timeout(), bound.retrySafe(), bound::execute);
      recorder.actionFinished(lease, key, undo.action(), outcome, Duration.ZERO);
      return Step.of(step.id() + " undone: " + outcome.detail());
    } catch (ParamException e) {
      return Step.of(note(lease, step, "undo refused parameter " + e.getMessage()));
    } catch (CallException e) {
      recorder.actionFinished(lease, key, undo.action(), Outcome.failed(e.getMessage()), Duration.ZERO);
      return Step.of(step.id() + " undo failed: " + e.getMessage());
    }
  }

  /** An undo that needs a human: asked once, waited for until its deadline, then given up. */
  private Step awaitApproval(Pass pass, ActionStep step, String key, Bound.BoundAction bound,
      Guardrails.Result verdict) {
    Instant now = recorder.now();
    Optional<GuardStore.Approval> approval = guardStore.approval(pass.id(), key);
    Instant deadline = approval.map(GuardStore.Approval::deadline).orElse(now.plus(settings.approvalTimeout()));
    if (!now.isBefore(deadline)) {
      return Step.of(note(pass.lease(), step, "undo (" + bound.describe() + ") was not approved within "
          + StepDurations.show(settings.approvalTimeout()) + ": the change stays"));
    }
    if (approval.isEmpty()) {
      recorder.askApproval(pass, key, deadline, "undo of " + step.id(), bound.describe(),
          verdict.deciding().reason());
    }
    return new Step(step.id() + " undo waits for approval until " + deadline, Optional.of(deadline));
  }

  private String note(Lease lease, ActionStep step, String why) {
    recorder.note(lease, "undo_skipped", "action " + step.id() + ": " + why);
    return step.id() + ": " + why;
  }
}

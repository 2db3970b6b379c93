package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Outcome;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Decision;
import io.runbookd.guard.Guardrails;
import io.runbookd.plugin.ParamException;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import io.runbookd.store.GuardStore;
import io.runbookd.store.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a rule's remediation steps in order. Every step is decided at the last moment
 * (level-triggered): the incident must still be in flight with alerts firing, the probes it
 * needs must have answered, its condition must hold, and every guard must allow it. The first
 * step that fails or is blocked stops the sequence; dry-run plans every step and runs none.
 */
final class Remediation {
  static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

  /**
   * What the steps came to.
   *
   * @param waitUntil set when a step waits: for approval until its deadline, or to be tried
   *     again later
   * @param awaitingApproval whether the wait is for a human's approval
   */
  record Result(int executed, int planned, Optional<Stop> stop, Optional<Instant> waitUntil,
      boolean awaitingApproval) {}

  private final Actions actions;
  private final Guardrails guards;
  private final Calls calls;
  private final Recorder recorder;
  private final GuardStore guardStore;
  private final Preconditions preconditions;
  private final Attempts attempts;
  private final EngineSettings settings;

  Remediation(Actions actions, Guardrails guards, Calls calls, Recorder recorder, GuardStore guardStore,
      Preconditions preconditions, Undos undos, EngineSettings settings) {
    this.actions = actions;
    this.guards = guards;
    this.calls = calls;
    this.recorder = recorder;
    this.guardStore = guardStore;
    this.preconditions = preconditions;
    this.attempts = new Attempts(actions, calls, recorder, guardStore, undos);
    this.settings = settings;
  }

  Result run(Pass pass, StepContext context, Map<String, StepRecord> steps) {
    return run(pass, pass.rule().steps().remediate(), context, steps);
  }

  /** Runs {@code actions} (the rule's remediate steps, or one stage's actions) in order. */
  Result run(Pass pass, java.util.List<ActionStep> actions, StepContext context, Map<String, StepRecord> steps) {
    int executed = 0;
    int planned = 0;
    for (ActionStep step : actions) {
      StepRecord record = steps.get("remediate:" + step.id());
      StepOutcome outcome = record == null ? null
          : record.unfinished() ? attempts.recover(pass, step, record, context)
          : StepOutcome.of(StepState.parse(record.status()).orElse(StepState.SKIPPED),
              record.detail().orElse(""));
      if (outcome == null) {
        outcome = decide(pass, step, context);
      }
      if (outcome.stop().isPresent() || outcome.waitUntil().isPresent()) {
        return new Result(executed, planned, outcome.stop(), outcome.waitUntil(), outcome.approval());
      }
      executed += outcome.executed() ? 1 : 0;
      planned += outcome.planned() ? 1 : 0;
    }
    return new Result(executed, planned, Optional.empty(), Optional.empty(), false);
  }

  private StepOutcome decide(Pass pass, ActionStep step, StepContext context) {
    Optional<Instant> windowEnd = pass.incident().windowEnd();
    if (windowEnd.isPresent() && !recorder.now().isBefore(windowEnd.get())) {
      return StepOutcome.stop(Trigger.WINDOW_CLOSED, "the run's window closed at " + windowEnd.get()
          + ": stopped before step " + step.id());
    }
    Optional<String> skip = preconditions.check(pass, step, context);
    if (skip.isPresent()) {
      recorder.actionSkipped(pass.lease(), step.id(), skip.get());
      return StepOutcome.NOTHING;
    }
    Optional<GuardStore.Approval> asked = guardStore.approval(pass.id(), step.id());
    if (asked.isPresent() && asked.get().decision().isEmpty() && !recorder.now().isBefore(asked.get().deadline())) {
      return StepOutcome.stop(Trigger.APPROVAL_TIMEOUT, "action " + step.id() + " was not approved within "
          + StepDurations.show(settings.approvalTimeout()) + " (window closed at " + asked.get().deadline() + ")");
    }
    Action<?> action = actions.find(step.action()).orElse(null);
    if (action == null) {
      recorder.actionSkipped(pass.lease(), step.id(), actions.unknown(step.action()));
      return StepOutcome.stop(Trigger.ACTION_FAILED, actions.unknown(step.action()));
    }
    StepParams.Resolved resolved;
    Bound.BoundAction bound;
    try {
      resolved = StepParams.resolve(action.info().params(), step.params(), context);
      bound = Bound.action(action, resolved.params());
    } catch (ParamException e) {
      String reason = "refused parameter " + e.getMessage();
      recorder.actionFinished(pass.lease(), "remediate:" + step.id(), step.action(), Outcome.failed(reason),
          Duration.ZERO);
      return StepOutcome.stop(Trigger.ACTION_FAILED, "action " + step.id() + ": " + reason);
    }
    ActionRequest request = new ActionRequest(pass.id(), pass.rule().id(), step.id(), step.action(),
        bound.target(), pass.mode(), bound.reversibility(), step.approval(), false);
    Guardrails.Result verdict = guards.check(request);
    return switch (verdict.verdict()) {
      case BLOCK -> blocked(pass, step, resolved, verdict.deciding());
      case PLAN -> {
        recorder.actionPlanned(pass.lease(), step.id(), step.action(), resolved.values(), bound.describe(),
            verdict.decisions());
        yield new StepOutcome(false, true, Optional.empty(), Optional.empty(), false);
      }
      case HOLD -> awaitApproval(pass, step, bound, verdict);
      case ALLOW -> attempts.run(pass, step, resolved, bound, verdict);
    };
  }

  private StepOutcome blocked(Pass pass, ActionStep step, StepParams.Resolved resolved, Decision by) {
    recorder.actionBlocked(pass.lease(), step.id(), step.action(), resolved.values(), by);
    return StepOutcome.stop(Trigger.ACTION_BLOCKED, "action " + step.id() + " blocked by guard " + by.guard()
        + ": " + by.reason());
  }

  private StepOutcome awaitApproval(Pass pass, ActionStep step, Bound.BoundAction bound, Guardrails.Result verdict) {
    Instant now = recorder.now();
    Optional<GuardStore.Approval> approval = guardStore.approval(pass.id(), step.id());
    Instant deadline = approval.map(GuardStore.Approval::deadline).orElse(now.plus(settings.approvalTimeout()));
    if (!now.isBefore(deadline)) {
      return StepOutcome.stop(Trigger.APPROVAL_TIMEOUT, "action " + step.id() + " (" + bound.describe()
          + ") was not approved within " + StepDurations.show(settings.approvalTimeout()));
    }
    if (approval.isEmpty()) {
      recorder.askApproval(pass, step.id(), deadline, "action " + step.id(), bound.describe(),
          verdict.deciding().reason());
    }
    return StepOutcome.waitUntil(deadline, true);
  }
}

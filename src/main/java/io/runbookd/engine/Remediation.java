package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Outcome;
import io.runbookd.config.Mode;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Decision;
import io.runbookd.guard.Guardrails;
import io.runbookd.incident.Incident;
import io.runbookd.plugin.ParamException;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.Expression;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepContext;
import io.runbookd.store.EngineStore;
import io.runbookd.store.GuardStore;
import io.runbookd.store.StepRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a rule's remediation steps in order. Every step is decided at the last moment
 * (level-triggered): the incident must still be in flight, the probes it needs must have
 * answered, its condition must hold, and every guard must allow it. The first step that fails
 * or is blocked stops the sequence; dry-run plans every step and runs none.
 */
final class Remediation {
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);
  /** At most two attempts per step and incident; the second failure escalates. */
  static final int MAX_ATTEMPTS = 2;
  private static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  /**
   * What the steps came to.
   *
   * @param waitUntil set when a step waits: for approval until its deadline, or to be tried
   *     again after a failed first attempt
   * @param awaitingApproval whether the wait is for a human's approval
   */
  record Result(int executed, int planned, Optional<Stop> stop, Optional<Instant> waitUntil,
      boolean awaitingApproval) {}

  private final Actions actions;
  private final Guardrails guards;
  private final Calls calls;
  private final Recorder recorder;
  private final EngineStore store;
  private final GuardStore guardStore;
  private final EngineSettings settings;

  Remediation(Actions actions, Guardrails guards, Calls calls, Recorder recorder, EngineStore store,
      GuardStore guardStore, EngineSettings settings) {
    this.actions = actions;
    this.guards = guards;
    this.calls = calls;
    this.recorder = recorder;
    this.store = store;
    this.guardStore = guardStore;
    this.settings = settings;
  }

  Result run(Incident incident, Rule rule, Mode mode, StepContext context, Map<String, StepRecord> steps)
      throws SQLException {
    int executed = 0;
    int planned = 0;
    for (ActionStep step : rule.steps().remediate()) {
      StepRecord record = steps.get("remediate:" + step.id());
      Step outcome =
          record == null ? null
              : record.unfinished() ? recover(incident, step, record, context)
              : Step.of(record.status(), record.detail().orElse(""));
      if (outcome == null) {
        outcome = decide(incident, rule, mode, step, context);
      }
      if (outcome.stop().isPresent() || outcome.waitUntil().isPresent()) {
        return new Result(executed, planned, outcome.stop(), outcome.waitUntil(), outcome.approval());
      }
      executed += outcome.executed() ? 1 : 0;
      planned += outcome.planned() ? 1 : 0;
    }
    return new Result(executed, planned, Optional.empty(), Optional.empty(), false);
  }

  /** One step's effect on the sequence. */
  record Step(boolean executed, boolean planned, Optional<Stop> stop, Optional<Instant> waitUntil,
      boolean approval) {
    static final Step NOTHING = new Step(false, false, Optional.empty(), Optional.empty(), false);

    static Step of(String status, String detail) {
      return switch (status) {
        case "done" -> new Step(true, false, Optional.empty(), Optional.empty(), false);
        case "planned" -> new Step(false, true, Optional.empty(), Optional.empty(), false);
        case "blocked" -> stop(Trigger.ACTION_BLOCKED, detail);
        case "failed", "retry_later" -> stop(Trigger.ACTION_FAILED, detail);
        case "unknown" -> stop(Trigger.OUTCOME_UNKNOWN, detail);
        default -> NOTHING;
      };
    }

    static Step stop(Trigger trigger, String reason) {
      return new Step(false, false, Optional.of(new Stop(trigger, reason)), Optional.empty(), false);
    }

    static Step waitUntil(Instant until, boolean approval) {
      return new Step(false, false, Optional.empty(), Optional.of(until), approval);
    }
  }

  private Step decide(Incident incident, Rule rule, Mode mode, ActionStep step, StepContext context)
      throws SQLException {
    String id = incident.id();
    Optional<String> skip = precondition(id, step, context);
    if (skip.isPresent()) {
      recorder.actionSkipped(id, step.id(), skip.get());
      return Step.NOTHING;
    }
    Action<?> action = actions.find(step.action()).orElse(null);
    if (action == null) {
      recorder.actionSkipped(id, step.id(), actions.unknown(step.action()));
      return Step.stop(Trigger.ACTION_FAILED, actions.unknown(step.action()));
    }
    StepParams.Resolved resolved;
    Bound.BoundAction bound;
    try {
      resolved = StepParams.resolve(action.info().params(), step.params(), context);
      bound = Bound.action(action, resolved.params());
    } catch (ParamException e) {
      String reason = "refused parameter " + e.getMessage();
      recorder.actionFinished(id, step.id(), step.action(), Outcome.failed(reason), Duration.ZERO);
      return Step.stop(Trigger.ACTION_FAILED, "action " + step.id() + ": " + reason);
    }
    ActionRequest request = new ActionRequest(id, rule.id(), step.id(), step.action(),
        bound.target(), mode, bound.reversibility(), step.approval(), false);
    Guardrails.Result verdict = guards.check(request);
    switch (verdict.verdict()) {
      case BLOCK -> {
        return blocked(id, step, resolved, verdict.deciding());
      }
      case PLAN -> {
        recorder.actionPlanned(id, step.id(), step.action(), resolved.values(), bound.describe(), verdict.decisions());
        return new Step(false, true, Optional.empty(), Optional.empty(), false);
      }
      case HOLD -> {
        return awaitApproval(id, step, bound, verdict);
      }
      default -> {
        return run(rule, id, step, resolved, bound, verdict);
      }
    }
  }

  private Step blocked(String id, ActionStep step, StepParams.Resolved resolved, Decision by)
      throws SQLException {
    recorder.actionBlocked(id, step.id(), step.action(), resolved.values(), by);
    return Step.stop(Trigger.ACTION_BLOCKED, "action " + step.id() + " blocked by guard "
        + by.guard() + ": " + by.reason());
  }

  private Step awaitApproval(String id, ActionStep step, Bound.BoundAction bound, Guardrails.Result verdict)
      throws SQLException {
    Instant now = recorder.now();
    Instant deadline = guardStore.approval(id, step.id()).map(GuardStore.Approval::deadline)
        .orElse(now.plus(settings.approvalTimeout()));
    if (!now.isBefore(deadline)) {
      return Step.stop(Trigger.APPROVAL_TIMEOUT, "action " + step.id() + " (" + bound.describe()
          + ") was not approved within " + settings.approvalTimeout());
    }
    if (guardStore.approval(id, step.id()).isEmpty()) {
      guardStore.requestApproval(id, step.id(), now, deadline);
      recorder.note(id, "approval_requested", "action " + step.id() + " waits for approval until "
          + deadline + ": " + bound.describe() + " (" + verdict.deciding().reason()
          + "); POST /api/v1/incidents/" + id + "/approve or /deny");
    }
    return Step.waitUntil(deadline, true);
  }

  /** Takes the target's lock, records the attempt in the ledger, then runs the step. */
  private Step run(Rule rule, String id, ActionStep step, StepParams.Resolved resolved,
      Bound.BoundAction bound, Guardrails.Result verdict) throws SQLException {
    Instant now = recorder.now();
    Optional<String> holder = guardStore.lock(bound.target().key(), id, now, now.plus(settings.lease()));
    if (holder.isPresent()) {
      return blocked(id, step, resolved, Decision.block("target_lock",
          bound.target().key() + " is being remediated by incident " + holder.get()));
    }
    guardStore.record(id, rule.id(), step.id(), step.action(), bound.target().key(), now);
    recorder.actionStarted(id, step.id(), resolved.values(), bound.describe(), verdict.decisions());
    Step outcome = execute(id, step, bound);
    if (outcome.stop().isPresent() && outcome.stop().get().trigger() == Trigger.ACTION_FAILED
        && guardStore.attempts(id, step.id()) < MAX_ATTEMPTS) {
      store.forgetStep(id, "remediate:" + step.id());
      Instant retryAt = recorder.now().plus(RETRY_AFTER);
      recorder.note(id, "action_retry", "action " + step.id() + " failed on attempt 1 of "
          + MAX_ATTEMPTS + "; it is tried once more at " + retryAt);
      return Step.waitUntil(retryAt, false);
    }
    return outcome;
  }

  /** Why the step must not run now, if anything. */
  private Optional<String> precondition(String id, ActionStep step, StepContext context)
      throws SQLException {
    if (!store.status(id).map(s -> s.inFlight()).orElse(false)) {
      return Optional.of("the incident is no longer in flight (alert resolved)");
    }
    for (String needed : step.needs()) {
      if (!context.probes().containsKey(needed)) {
        return Optional.of("needs the result of probe " + needed + ", which did not answer");
      }
    }
    if (step.when().isEmpty()) {
      return Optional.empty();
    }
    Expression when = step.when().get();
    try {
      return when.test(context)
          ? Optional.empty()
          : Optional.of("condition '" + when.source() + "' is false");
    } catch (Expression.EvaluationException e) {
      return Optional.of("condition '" + when.source() + "' could not be evaluated: " + e.getMessage());
    }
  }

  private Step execute(String id, ActionStep step, Bound.BoundAction bound) throws SQLException {
    long started = System.nanoTime();
    Outcome outcome;
    try {
      outcome = calls.call(bound.target().system(), ACTION_TIMEOUT, bound.retrySafe(), bound::execute);
    } catch (CallException e) {
      outcome = Outcome.failed(e.getMessage());
    }
    recorder.actionFinished(id, step.id(), step.action(), outcome, Duration.ofNanos(System.nanoTime() - started));
    return Step.of(outcome.status().name().toLowerCase(java.util.Locale.ROOT), "action " + step.id() + ": " + outcome.detail());
  }

  /**
   * A step that started before a crash and has no recorded outcome: never run it again
   * blindly. Re-read the target; if the change is in place, record it; if it is provably not,
   * return null so that it is decided again (guards included); if the target cannot tell,
   * stop and escalate.
   */
  private Step recover(Incident incident, ActionStep step, StepRecord record, StepContext context)
      throws SQLException {
    String id = incident.id();
    recorder.note(id, "action_recovering", "action " + step.id()
        + " started at " + record.startedAt() + " but its outcome was not recorded; re-reading the target");
    Action<?> action = actions.find(step.action()).orElseThrow();
    Outcome outcome;
    try {
      Bound.BoundAction bound =
          Bound.action(action, StepParams.resolve(action.info().params(), step.params(), context).params());
      outcome = calls.call(bound.target().system(), ACTION_TIMEOUT, true, () -> bound.recheck(record.startedAt()));
    } catch (ParamException | CallException | RuntimeException e) {
      outcome = Outcome.unknown("cannot tell whether it took effect: " + e.getMessage());
    }
    if (outcome.status() == Outcome.Status.NOT_APPLIED) {
      recorder.note(id, "action_not_applied", "action " + step.id()
          + " had not taken effect (" + outcome.detail() + "); deciding it again");
      return null;
    }
    recorder.actionFinished(id, step.id(), step.action(), outcome, Duration.ZERO);
    return Step.of(outcome.status().name().toLowerCase(java.util.Locale.ROOT), "action " + step.id() + ": " + outcome.detail());
  }
}

package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Outcome;
import io.runbookd.config.Mode;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Guardrails;
import io.runbookd.incident.Incident;
import io.runbookd.plugin.ParamException;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.Expression;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepContext;
import io.runbookd.store.EngineStore;
import io.runbookd.store.StepRecord;
import java.sql.SQLException;
import java.time.Duration;
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

  /** What the steps came to. */
  record Result(int executed, int planned, Optional<Stop> stop) {}

  private final Actions actions;
  private final Guardrails guards;
  private final Calls calls;
  private final Recorder recorder;
  private final EngineStore store;

  Remediation(Actions actions, Guardrails guards, Calls calls, Recorder recorder, EngineStore store) {
    this.actions = actions;
    this.guards = guards;
    this.calls = calls;
    this.recorder = recorder;
    this.store = store;
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
      if (outcome.stop().isPresent()) {
        return new Result(executed, planned, outcome.stop());
      }
      executed += outcome.executed() ? 1 : 0;
      planned += outcome.planned() ? 1 : 0;
    }
    return new Result(executed, planned, Optional.empty());
  }

  /** One step's effect on the sequence. */
  record Step(boolean executed, boolean planned, Optional<Stop> stop) {
    static final Step NOTHING = new Step(false, false, Optional.empty());

    static Step of(String status, String detail) {
      return switch (status) {
        case "done" -> new Step(true, false, Optional.empty());
        case "planned" -> new Step(false, true, Optional.empty());
        case "blocked" -> stop(Trigger.ACTION_BLOCKED, detail);
        case "failed", "retry_later" -> stop(Trigger.ACTION_FAILED, detail);
        case "unknown" -> stop(Trigger.OUTCOME_UNKNOWN, detail);
        default -> NOTHING;
      };
    }

    static Step stop(Trigger trigger, String reason) {
      return new Step(false, false, Optional.of(new Stop(trigger, reason)));
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
    ActionRequest request = new ActionRequest(id, rule.id(), step.id(), step.action(), bound.target(), mode);
    Guardrails.Result verdict = guards.check(request);
    switch (verdict.verdict()) {
      case BLOCK -> {
        recorder.actionBlocked(id, step.id(), step.action(), resolved.values(), verdict.deciding());
        return Step.stop(Trigger.ACTION_BLOCKED, "action " + step.id() + " blocked by guard "
            + verdict.deciding().guard() + ": " + verdict.deciding().reason());
      }
      case PLAN -> {
        recorder.actionPlanned(id, step.id(), step.action(), resolved.values(), bound.describe(), verdict.decisions());
        return new Step(false, true, Optional.empty());
      }
      default -> {
        recorder.actionStarted(id, step.id(), resolved.values(), bound.describe(), verdict.decisions());
        return execute(id, step, bound);
      }
    }
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

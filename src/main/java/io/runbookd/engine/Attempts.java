package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Outcome;
import io.runbookd.guard.Decision;
import io.runbookd.guard.Guardrails;
import io.runbookd.plugin.ParamException;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.StepContext;
import io.runbookd.store.GuardStore;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs one allowed step and decides what its outcome means. A failed step is tried again only
 * when that cannot do harm: its action is safe to repeat, or re-reading the target proves the
 * change is not in place; when the target cannot tell, the incident escalates. A step the
 * target refuses for now (a disruption budget) is tried again later, within a bound.
 */
final class Attempts {
  /** At most two attempts of a failed step per incident; the second failure escalates. */
  static final int MAX_ATTEMPTS = 2;
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  /**
   * How long, and how often, a step refused "for now" (a disruption budget) is tried again before
   * the incident escalates; every try counts against the fleet's hourly budget.
   */
  static final Duration RETRY_LATER_FOR = Duration.ofMinutes(15);
  static final Duration RETRY_LATER_EVERY = Duration.ofMinutes(2);
  /** A target stays locked while the incident acts and verifies; ending it releases the lock. */
  static final Duration LOCK_FOR = Duration.ofHours(12);

  private final Actions actions;
  private final Calls calls;
  private final Recorder recorder;
  private final GuardStore guardStore;
  private final Undos undos;

  Attempts(Actions actions, Calls calls, Recorder recorder, GuardStore guardStore, Undos undos) {
    this.actions = actions;
    this.calls = calls;
    this.recorder = recorder;
    this.guardStore = guardStore;
    this.undos = undos;
  }

  /** Takes the target's lock, writes the ledger and the started record in one commit, then runs. */
  StepOutcome run(Pass pass, ActionStep step, StepParams.Resolved resolved, Bound.BoundAction bound,
      Guardrails.Result verdict) {
    String key = "remediate:" + step.id();
    Optional<String> holder = recorder.actionStarting(pass.lease(), new Recorder.Start(key, resolved.values(),
        bound.describe(), verdict.decisions(), undos.before(bound),
        new GuardStore.LedgerEntry(pass.id(), pass.rule().id(), step.id(), step.action(), bound.target().key(),
            bound.target().kind()), recorder.now().plus(LOCK_FOR)));
    if (holder.isPresent()) {
      Decision by = Decision.block("target_lock", bound.target().key() + " is being remediated by incident "
          + holder.get());
      recorder.actionBlocked(pass.lease(), step.id(), step.action(), resolved.values(), by);
      return StepOutcome.stop(Trigger.ACTION_BLOCKED, "action " + step.id() + " blocked by guard target_lock: "
          + by.reason());
    }
    Instant started = recorder.now();
    io.runbookd.log.LogContext.Scope scope = io.runbookd.log.LogContext.step(step.id());
    Outcome outcome;
    try (scope) {
      outcome = execute(pass, key, step, bound);
    }
    return switch (outcome.status()) {
      case DONE -> new StepOutcome(true, false, Optional.empty(), Optional.empty(), false);
      case NOT_NEEDED -> StepOutcome.NOTHING;
      case RETRY_LATER -> later(pass, step, outcome);
      case UNKNOWN -> StepOutcome.stop(Trigger.OUTCOME_UNKNOWN, "action " + step.id() + ": " + outcome.detail());
      case FAILED, NOT_APPLIED -> failed(pass, step, bound, outcome, started);
    };
  }

  private Outcome execute(Pass pass, String key, ActionStep step, Bound.BoundAction bound) {
    long started = System.nanoTime();
    Outcome outcome;
    try {
      outcome = calls.write(bound.target().system(), limit(pass, step), bound.retrySafe(), bound::execute);
    } catch (CallException e) {
      outcome = Outcome.failed(e.getMessage());
    }
    recorder.actionFinished(pass.lease(), key, step.action(), outcome, Duration.ofNanos(System.nanoTime() - started));
    return outcome;
  }

  /**
   * A failed step: tried once more only when repeating it cannot do harm. A step that is not safe
   * to repeat is re-read first: in place means done, provably absent means it may be tried
   * again, and a target that cannot tell escalates.
   */
  private StepOutcome failed(Pass pass, ActionStep step, Bound.BoundAction bound, Outcome outcome, Instant started) {
    String why = "action " + step.id() + ": " + outcome.detail();
    if (!bound.retrySafe()) {
      Outcome now = recheck(bound, started);
      if (now.status() == Outcome.Status.DONE) {
        recorder.actionFinished(pass.lease(), "remediate:" + step.id(), step.action(),
            Outcome.done("re-read after the failure: the change is in place (" + now.detail() + ")"), Duration.ZERO);
        return new StepOutcome(true, false, Optional.empty(), Optional.empty(), false);
      }
      if (now.status() != Outcome.Status.NOT_APPLIED) {
        return StepOutcome.stop(Trigger.OUTCOME_UNKNOWN, why + "; it is not safe to repeat and re-reading the"
            + " target cannot tell whether it took effect (" + now.detail() + ")");
      }
    }
    if (guardStore.attempts(pass.id(), step.id()) >= MAX_ATTEMPTS) {
      return StepOutcome.stop(Trigger.ACTION_FAILED, why);
    }
    return again(pass, step, "failed on attempt 1 of " + MAX_ATTEMPTS + "; it is tried once more", RETRY_AFTER);
  }

  /** Refused for now: tried again every minute for a while, then escalated with the reason. */
  private StepOutcome later(Pass pass, ActionStep step, Outcome outcome) {
    Instant first = guardStore.firstAttempt(pass.id(), step.id()).orElse(recorder.now());
    if (!recorder.now().isBefore(first.plus(RETRY_LATER_FOR))) {
      return StepOutcome.stop(Trigger.ACTION_FAILED, "action " + step.id() + " still refused after "
          + RETRY_LATER_FOR.toMinutes() + " min: " + outcome.detail());
    }
    return again(pass, step, "refused for now (" + outcome.detail() + "); it is tried again", RETRY_LATER_EVERY);
  }

  private StepOutcome again(Pass pass, ActionStep step, String what, Duration after) {
    Instant retryAt = recorder.now().plus(after);
    recorder.write(pass.lease(), tx -> {
      StepStore.forget(tx, pass.id(), "remediate:" + step.id());
      io.runbookd.store.Timeline.append(tx, pass.id(), io.runbookd.store.TimelineLine.of("action_retry",
          "action " + step.id() + " " + what + " at " + retryAt));
      return null;
    });
    return StepOutcome.waitUntil(retryAt, false);
  }

  /** The step's time limit, cut short by the end of a scheduled run's window (at least a second). */
  private Duration limit(Pass pass, ActionStep step) {
    Optional<Instant> end = pass.incident().windowEnd();
    if (end.isEmpty()) {
      return step.timeout();
    }
    Duration left = Duration.between(recorder.now(), end.get());
    Duration bounded = left.compareTo(step.timeout()) < 0 ? left : step.timeout();
    return bounded.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : bounded;
  }

  private Outcome recheck(Bound.BoundAction bound, Instant startedAt) {
    try {
      return calls.read(bound.target().system(), Remediation.ACTION_TIMEOUT, () -> bound.recheck(startedAt));
    } catch (CallException | RuntimeException e) {
      return Outcome.unknown("cannot tell whether it took effect: " + e.getMessage());
    }
  }

  /**
   * A step that started before a crash and has no recorded outcome: never run it again blindly.
   * Re-read the target; if the change is in place, record it; if it is provably not, return
   * null so that it is decided again (guards included); if the target cannot tell, escalate.
   */
  StepOutcome recover(Pass pass, ActionStep step, StepRecord record, StepContext context) {
    recorder.note(pass.lease(), "action_recovering", "action " + step.id() + " started at " + record.startedAt()
        + " but its outcome was not recorded; re-reading the target");
    Action<?> action = actions.find(step.action()).orElse(null);
    Outcome outcome;
    try {
      if (action == null) {
        throw new IllegalStateException(actions.unknown(step.action()));
      }
      Bound.BoundAction bound =
          Bound.action(action, StepParams.resolve(action.info().params(), step.params(), context).params());
      outcome = recheck(bound, record.startedAt());
    } catch (ParamException | RuntimeException e) {
      outcome = Outcome.unknown("cannot tell whether it took effect: " + e.getMessage());
    }
    if (outcome.status() == Outcome.Status.NOT_APPLIED) {
      recorder.note(pass.lease(), "action_not_applied", "action " + step.id() + " had not taken effect ("
          + outcome.detail() + "); deciding it again");
      return null;
    }
    recorder.actionFinished(pass.lease(), "remediate:" + step.id(), step.action(), outcome, Duration.ZERO);
    return StepOutcome.of(StepState.of(outcome.status()), "action " + step.id() + ": " + outcome.detail());
  }
}

package io.runbookd.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Undo;
import io.runbookd.config.Mode;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Decision;
import io.runbookd.guard.Guardrails;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Rule;
import io.runbookd.store.GuardStore;
import io.runbookd.store.Lease;
import io.runbookd.store.StepRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * After a failed verification: takes back, newest first, every reversible action the incident
 * ran, through the guards (an undo is not rate limited, but the kill switch and the mode still
 * hold). Transient actions have nothing to take back; each decision is recorded.
 */
final class Rollback {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Actions actions;
  private final Guardrails guards;
  private final Calls calls;
  private final Recorder recorder;
  private final ObjectMapper json;

  Rollback(Actions actions, Guardrails guards, Calls calls, Recorder recorder, ObjectMapper json) {
    this.actions = actions;
    this.guards = guards;
    this.calls = calls;
    this.recorder = recorder;
    this.json = json;
  }

  /** One line per action taken back (or why not), for the escalation reason. */
  List<String> run(Pass pass, Map<String, StepRecord> steps) {
    Rule rule = pass.rule();
    Mode mode = pass.mode();
    List<String> lines = new ArrayList<>();
    List<ActionStep> done = new ArrayList<>(rule.steps().remediate());
    java.util.Collections.reverse(done);
    for (ActionStep step : done) {
      StepRecord record = steps.get("remediate:" + step.id());
      if (record != null && "done".equals(record.status())) {
        lines.add(undo(pass.lease(), rule, mode, step, record));
      }
    }
    return lines;
  }

  private String undo(Lease id, Rule rule, Mode mode, ActionStep step, StepRecord record) {
    Optional<Undo> undo;
    try {
      undo = undoOf(actions.find(step.action()).orElseThrow(), record);
    } catch (ParamException | IOException | RuntimeException e) {
      return note(id, step, "cannot work out how to undo it: " + e.getMessage());
    }
    if (undo.isEmpty()) {
      return note(id, step, "nothing to undo (" + step.action() + " changes no desired state)");
    }
    return runUndo(id, rule, mode, step, undo.get());
  }

  private <P> Optional<Undo> undoOf(Action<P> action, StepRecord record)
      throws ParamException, IOException {
    Map<String, Object> params = json.readValue(record.params().orElse("{}"), MAP);
    Map<String, Object> data = json.readValue(record.result().orElse("{}"), MAP);
    P bound = action.bind(ParamBinder.bind(action.info().params(), params));
    return action.undo(bound, new Outcome(Outcome.Status.DONE, record.detail().orElse(""), data));
  }

  private String runUndo(Lease id, Rule rule, Mode mode, ActionStep step, Undo undo) {
    Action<?> action = actions.find(undo.action()).orElse(null);
    if (action == null) {
      return note(id, step, actions.unknown(undo.action()));
    }
    try {
      Bound.BoundAction bound = Bound.action(action, ParamBinder.bind(action.info().params(), undo.params()));
      Guardrails.Result verdict = guards.check(new ActionRequest(id.incidentId(), rule.id(), "undo:" + step.id(),
          undo.action(), bound.target(), mode, bound.reversibility(), false, true));
      if (verdict.verdict() != Decision.Verdict.ALLOW) {
        return note(id, step, "undo not run: " + verdict.deciding().reason());
      }
      recorder.actionStarting(id, new Recorder.Start("undo:" + step.id(), undo.params(), bound.describe(),
          verdict.decisions(), Optional.empty(), new GuardStore.LedgerEntry(id.incidentId(), rule.id(),
              "undo:" + step.id(), undo.action(), bound.target().key(), bound.target().kind()),
          recorder.now().plus(Attempts.LOCK_FOR)));
      Outcome outcome = calls.write(bound.target().system(), TIMEOUT, bound.retrySafe(), bound::execute);
      recorder.actionFinished(id, "undo:" + step.id(), undo.action(), outcome, Duration.ZERO);
      return step.id() + " undone: " + outcome.detail();
    } catch (ParamException e) {
      return note(id, step, "undo refused parameter " + e.getMessage());
    } catch (CallException e) {
      recorder.actionFinished(id, "undo:" + step.id(), undo.action(), Outcome.failed(e.getMessage()), Duration.ZERO);
      return step.id() + " undo failed: " + e.getMessage();
    }
  }

  private String note(Lease id, ActionStep step, String why) {
    recorder.note(id, "undo_skipped", "action " + step.id() + ": " + why);
    return step.id() + ": " + why;
  }
}

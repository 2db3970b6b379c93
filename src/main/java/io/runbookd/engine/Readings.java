package io.runbookd.engine;

import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.probes.Probes;
import io.runbookd.rules.Expression;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.VerifyStep;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One reading of a condition over a probe's data ({@code result}), as verification and gates take
 * them: the probe is read through {@link Calls} (its system's circuit, a time limit), the
 * condition evaluated, and the outcome told with its evidence, redacted. Missing data (probe
 * failed, field absent) is never read as holding; an empty answer reads as zero only when the
 * rule says so.
 */
final class Readings {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** What one reading found. */
  enum State {
    HOLDS,
    FAILS,
    UNREADABLE
  }

  /**
   * One reading.
   *
   * @param evidence one line: the condition, what it read, and how that came out
   * @param data the probe's data as JSON (redacted), null when there is none
   */
  record Reading(State state, String evidence, String data) {
    boolean holds() {
      return state == State.HOLDS;
    }
  }

  private final Probes probes;
  private final Calls calls;
  private final Recorder recorder;

  Readings(Probes probes, Calls calls, Recorder recorder) {
    this.probes = probes;
    this.calls = calls;
    this.recorder = recorder;
  }

  Reading read(String probeName, Map<String, ParamValue> params, Expression condition, VerifyStep.Missing missing,
      StepContext context) {
    Probe<?> probe = probes.find(probeName).orElse(null);
    if (probe == null) {
      return unreadable(probes.unknown(probeName));
    }
    Finding finding;
    try {
      Bound.BoundProbe bound = Bound.probe(probe, StepParams.resolve(probe.info().params(), params, context).params());
      finding = calls.read(bound.system(), TIMEOUT, bound::run);
    } catch (ParamException e) {
      return unreadable("refused parameter " + e.getMessage());
    } catch (CallException e) {
      return unreadable(e.getMessage());
    }
    Map<String, Object> data = withMissing(missing, CelValues.normalize(finding.data()));
    StepContext withResult = new StepContext(context.alert(), context.probes(), context.vars(), Optional.of(data),
        context.params());
    io.runbookd.redact.Redactor r = recorder.redactor(probeName);
    String shown = r.text(finding.summary(), Map.of(), data);
    try {
      boolean holds = condition.test(withResult);
      return new Reading(holds ? State.HOLDS : State.FAILS, "'" + condition.source() + "' "
          + (holds ? "holds" : "does not hold") + ": " + shown, recorder.json(r.data(data)));
    } catch (Expression.EvaluationException e) {
      return new Reading(State.UNREADABLE, "'" + condition.source() + "' cannot be evaluated (" + e.getMessage()
          + "): " + shown, recorder.json(r.data(data)));
    }
  }

  private static Reading unreadable(String reason) {
    return new Reading(State.UNREADABLE, "probe unreadable: " + reason, null);
  }

  /** With {@code missing: zero}, an answer without data reads as value, max and min 0. */
  private static Map<String, Object> withMissing(VerifyStep.Missing missing, Map<String, Object> data) {
    if (missing != VerifyStep.Missing.ZERO || !Boolean.TRUE.equals(data.get("empty"))) {
      return data;
    }
    Map<String, Object> out = new HashMap<>(data);
    for (String key : new String[] {"value", "max", "min"}) {
      out.putIfAbsent(key, 0.0);
    }
    return out;
  }
}

package io.runbookd.engine;

import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.probes.Probes;
import io.runbookd.rules.Expression;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.VerifyStep;
import java.util.Optional;

/**
 * One look at whether the fix worked: runs the verify probe and evaluates the condition on its
 * result. Missing data (probe failed, field absent) counts as not verified, never as success.
 */
final class Verification {
  private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(20);
  private final Probes probes;
  private final Calls calls;
  private final Recorder recorder;

  Verification(Probes probes, Calls calls, Recorder recorder) {
    this.probes = probes;
    this.calls = calls;
    this.recorder = recorder;
  }

  /** True when the condition holds now; the timeline gets the reading either way. */
  boolean holds(Pass pass, VerifyStep verify, StepContext context) {
    io.runbookd.store.Lease id = pass.lease();
    Optional<Finding> finding = read(id, verify, context);
    if (finding.isEmpty()) {
      return false;
    }
    StepContext withResult =
        new StepContext(context.alert(), context.probes(), context.vars(),
            Optional.of(CelValues.normalize(finding.get().data())));
    Expression condition = verify.condition();
    try {
      boolean holds = condition.test(withResult);
      recorder.verifyResult(id, holds, "verify '" + condition.source() + "' "
          + (holds ? "holds" : "does not hold yet") + ": " + finding.get().summary(),
          recorder.json(finding.get().data()));
      return holds;
    } catch (Expression.EvaluationException e) {
      recorder.verifyResult(id, false, "verify '" + condition.source() + "' cannot be evaluated ("
          + e.getMessage() + "): counts as not verified", null);
      return false;
    }
  }

  private Optional<Finding> read(io.runbookd.store.Lease id, VerifyStep verify, StepContext context) {
    Probe<?> probe = probes.find(verify.probe()).orElse(null);
    if (probe == null) {
      return unreadable(id, probes.unknown(verify.probe()));
    }
    try {
      Bound.BoundProbe bound =
          Bound.probe(probe, StepParams.resolve(probe.info().params(), verify.params(), context).params());
      return Optional.of(calls.read(bound.system(), TIMEOUT, bound::run));
    } catch (ParamException e) {
      return unreadable(id, "refused parameter " + e.getMessage());
    } catch (CallException e) {
      return unreadable(id, e.getMessage());
    }
  }

  private Optional<Finding> unreadable(io.runbookd.store.Lease id, String reason) {
    recorder.verifyResult(id, false, "verify probe unreadable: " + reason + "; counts as not verified", null);
    return Optional.empty();
  }
}

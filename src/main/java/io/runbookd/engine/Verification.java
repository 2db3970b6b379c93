package io.runbookd.engine;

import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.probes.Probes;
import io.runbookd.rules.Expression;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.Lease;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One look at whether the fix worked: runs the verify probe and evaluates the condition on its
 * result. The fix counts as verified once the condition has held on every reading for the
 * rule's {@code for} (the first holding reading starts the window, a failing one resets it).
 * Missing data (probe failed, field absent) counts as not verified, never as success, unless the
 * rule says an empty answer reads as zero.
 */
final class Verification {
  static final String STEP = "verify:window";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Probes probes;
  private final Calls calls;
  private final Recorder recorder;

  Verification(Probes probes, Calls calls, Recorder recorder) {
    this.probes = probes;
    this.calls = calls;
    this.recorder = recorder;
  }

  /** What one reading says. */
  enum Reading {
    /** Held on every reading for the whole window: verified. */
    VERIFIED,
    /** Holds, but not yet for the whole window. */
    HOLDING,
    /** Does not hold (or cannot be read). */
    NOT_YET
  }

  /** Reads once and records the reading; {@code heldSince} is the window's start, if it runs. */
  Reading read(Pass pass, VerifyStep verify, StepContext context, Optional<StepRecord> window) {
    Instant now = recorder.now();
    boolean holds = holdsNow(pass.lease(), verify, context);
    Optional<Instant> since = window.flatMap(w -> w.detail()).map(Instant::parse);
    if (!holds) {
      if (since.isPresent()) {
        recorder.write(pass.lease(), tx -> {
          StepStore.forget(tx, pass.id(), STEP);
          Timeline.append(tx, pass.id(), TimelineLine.of("verify_reset", "the condition held since " + since.get()
              + " and broke: the " + verify.holdFor() + " window starts again"));
          return null;
        });
      }
      return Reading.NOT_YET;
    }
    Instant start = since.orElse(now);
    if (!now.isBefore(start.plus(verify.holdFor()))) {
      return Reading.VERIFIED;
    }
    if (since.isEmpty()) {
      recorder.write(pass.lease(), tx -> {
        StepStore.finish(tx, pass.id(), STEP, "holding", null, now.toString());
        return null;
      });
    }
    return Reading.HOLDING;
  }

  private boolean holdsNow(Lease lease, VerifyStep verify, StepContext context) {
    Optional<Finding> finding = probe(lease, verify, context);
    if (finding.isEmpty()) {
      return false;
    }
    Map<String, Object> data = withMissing(verify, CelValues.normalize(finding.get().data()));
    StepContext withResult = new StepContext(context.alert(), context.probes(), context.vars(), Optional.of(data),
        context.params());
    Expression condition = verify.condition();
    io.runbookd.redact.Redactor r = recorder.redactor(verify.probe());
    try {
      boolean holds = condition.test(withResult);
      recorder.verifyResult(lease, holds, "verify '" + condition.source() + "' "
          + (holds ? "holds" : "does not hold yet") + ": " + r.text(finding.get().summary(), Map.of(), data),
          recorder.json(r.data(data)));
      return holds;
    } catch (Expression.EvaluationException e) {
      recorder.verifyResult(lease, false, "verify '" + condition.source() + "' cannot be evaluated ("
          + e.getMessage() + "): counts as not verified", null);
      return false;
    }
  }

  /** With {@code missing: zero}, an answer without data reads as value, max and min 0. */
  private static Map<String, Object> withMissing(VerifyStep verify, Map<String, Object> data) {
    if (verify.missing() != VerifyStep.Missing.ZERO || !Boolean.TRUE.equals(data.get("empty"))) {
      return data;
    }
    Map<String, Object> out = new HashMap<>(data);
    for (String key : new String[] {"value", "max", "min"}) {
      out.putIfAbsent(key, 0.0);
    }
    return out;
  }

  private Optional<Finding> probe(Lease lease, VerifyStep verify, StepContext context) {
    Probe<?> probe = probes.find(verify.probe()).orElse(null);
    if (probe == null) {
      return unreadable(lease, probes.unknown(verify.probe()));
    }
    try {
      Bound.BoundProbe bound =
          Bound.probe(probe, StepParams.resolve(probe.info().params(), verify.params(), context).params());
      return Optional.of(calls.read(bound.system(), TIMEOUT, bound::run));
    } catch (ParamException e) {
      return unreadable(lease, "refused parameter " + e.getMessage());
    } catch (CallException e) {
      return unreadable(lease, e.getMessage());
    }
  }

  private Optional<Finding> unreadable(Lease lease, String reason) {
    recorder.verifyResult(lease, false, "verify probe unreadable: " + reason + "; counts as not verified", null);
    return Optional.empty();
  }
}

package io.runbookd.engine;

import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import io.runbookd.rules.VerifyStep;
import io.runbookd.store.Lease;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Instant;
import java.util.Optional;

/**
 * One look at whether the fix worked: runs the verify probe and evaluates the condition on its
 * result. The fix counts as verified once the condition has held on every reading for the
 * rule's {@code for} (the first holding reading starts the window, a failing one resets it).
 * Missing data (probe failed, field absent) counts as not verified, never as success, unless the
 * rule says an empty answer reads as zero.
 */
final class Verification {
  /** The step record of the rule-level verification's window. */
  static final String STEP = "verify:window";

  private final Readings readings;
  private final Recorder recorder;

  Verification(Readings readings, Recorder recorder) {
    this.readings = readings;
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

  /** Reads the rule-level verification once; see {@link #read(Pass, VerifyStep, StepContext, String, Optional)}. */
  Reading read(Pass pass, VerifyStep verify, StepContext context, Optional<StepRecord> window) {
    return read(pass, verify, context, STEP, window);
  }

  /**
   * Reads once and records the reading; {@code window} (stored under {@code key}) holds when the
   * condition started holding, if it does.
   */
  Reading read(Pass pass, VerifyStep verify, StepContext context, String key, Optional<StepRecord> window) {
    Instant now = recorder.now();
    boolean holds = holdsNow(pass.lease(), verify, context);
    Optional<Instant> since = window.flatMap(w -> w.detail()).map(Instant::parse);
    if (!holds) {
      if (since.isPresent()) {
        recorder.write(pass.lease(), tx -> {
          StepStore.forget(tx, pass.id(), key);
          Timeline.append(tx, pass.id(), TimelineLine.of("verify_reset", "the condition held since " + since.get()
              + " and broke: the " + StepDurations.show(verify.holdFor()) + " window starts again"));
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
        StepStore.finish(tx, pass.id(), key, "holding", null, now.toString());
        return null;
      });
    }
    return Reading.HOLDING;
  }

  private boolean holdsNow(Lease lease, VerifyStep verify, StepContext context) {
    Readings.Reading reading = readings.read(verify.probe(), verify.params(), verify.condition(), verify.missing(),
        context);
    String detail = switch (reading.state()) {
      case HOLDS -> "verify " + reading.evidence();
      case FAILS -> "verify " + reading.evidence().replaceFirst("' does not hold: ", "' does not hold yet: ");
      case UNREADABLE -> "verify " + reading.evidence() + "; counts as not verified";
    };
    recorder.verifyResult(lease, reading.holds(), detail, reading.data());
    return reading.holds();
  }
}

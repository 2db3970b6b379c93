package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Escalation.Trigger;
import io.runbookd.rules.Gate;
import io.runbookd.rules.Stage;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import io.runbookd.store.GuardStore;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Looks at a stage's gate once. A watch gate is recorded when it starts (step {@code
 * gate:<stage>}: when, how many readings) and read at most every {@code every} after that; the
 * incident sleeps in between (its next look is stored, so a restart or another replica takes the
 * gate up where it stood, never from the start). An approval gate waits for a human's decision on
 * step {@code gate:<stage>} until its deadline. A dry run waits for nothing: it reads a watch
 * gate once and records what it would wait for.
 */
final class Gates {

  /** What one look came to: wait (until {@code next}), passed, or failed (with why). */
  record Look(Optional<Instant> next, boolean approval, Optional<Stop> failed) {
    static final Look PASSED = new Look(Optional.empty(), false, Optional.empty());

    static Look waitUntil(Instant next, boolean approval) {
      return new Look(Optional.of(next), approval, Optional.empty());
    }

    static Look fail(Trigger trigger, String why) {
      return new Look(Optional.empty(), false, Optional.of(new Stop(trigger, why)));
    }

    boolean passed() {
      return next.isEmpty() && failed.isEmpty();
    }
  }

  private final Readings readings;
  private final Recorder recorder;
  private final GuardStore guardStore;

  Gates(Readings readings, Recorder recorder, GuardStore guardStore) {
    this.readings = readings;
    this.recorder = recorder;
    this.guardStore = guardStore;
  }

  static String key(Stage stage) {
    return "gate:" + stage.id();
  }

  Look look(Pass pass, Stage stage, Optional<Stage> next, StepContext context, Map<String, StepRecord> recorded) {
    Gate gate = stage.gate().orElseThrow();
    if (gate instanceof Gate.Approval approval) {
      return approval(pass, stage, approval, next);
    }
    Gate.Watch watch = (Gate.Watch) gate;
    Optional<StepRecord> record = Optional.ofNullable(recorded.get(key(stage)));
    if (record.isEmpty() && pass.mode() != Mode.DRY_RUN) {
      return start(pass, stage, watch);
    }
    return read(pass, stage, watch, context, record);
  }

  private Look start(Pass pass, Stage stage, Gate.Watch watch) {
    Instant now = recorder.now();
    Instant first = now.plus(watch.every());
    recorder.write(pass.lease(), tx -> {
      StepStore.finish(tx, pass.id(), key(stage), "watching", "0 0", now.toString());
      Timeline.append(tx, pass.id(), TimelineLine.of("gate_started", "stage " + stage.id() + ": "
          + checks(watch) + " must hold for " + StepDurations.show(watch.holdFor()) + ", read every "
          + StepDurations.show(watch.every()) + "; first look at " + first));
      return null;
    });
    return Look.waitUntil(first, false);
  }

  private Look read(Pass pass, Stage stage, Gate.Watch watch, StepContext context, Optional<StepRecord> record) {
    Instant now = recorder.now();
    Instant start = record.flatMap(StepRecord::detail).map(Instant::parse).orElse(now);
    String[] counts = record.flatMap(StepRecord::result).orElse("0 0").split(" ");
    int taken = Integer.parseInt(counts[0]) + 1;
    int unreadable = Integer.parseInt(counts[1]);
    Map<String, Object> data = new LinkedHashMap<>();
    List<String> broke = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    List<String> held = new ArrayList<>();
    for (Gate.Check check : watch.checks()) {
      Readings.Reading r = readings.read(check.probe(), check.params(), check.condition(), check.missing(), context);
      data.put(check.id(), r.data());
      (switch (r.state()) {
        case HOLDS -> held;
        case FAILS -> broke;
        case UNREADABLE -> unread;
      }).add(check.id() + ": " + r.evidence());
    }
    unreadable = unread.isEmpty() ? 0 : unreadable + 1;
    Duration elapsed = Duration.between(start, now);
    String at = "after " + StepDurations.show(elapsed) + " of " + StepDurations.show(watch.holdFor());
    Look look;
    String line;
    if (pass.mode() == Mode.DRY_RUN) {
      look = Look.PASSED;
      line = "dry-run: read once, not watched for " + StepDurations.show(watch.holdFor()) + "; "
          + (broke.isEmpty() && unread.isEmpty() ? "it would hold now" : "it would fail now") + ": " + all(broke, unread, held);
    } else if (!broke.isEmpty()) {
      look = Look.fail(Trigger.GATE_FAILED, "stage " + stage.id() + ": the gate broke " + at + " (reading " + taken
          + "): " + String.join("; ", broke));
      line = "the gate broke " + at + ": " + all(broke, unread, held);
    } else if (unreadable >= Gate.Watch.UNREADABLE_LIMIT) {
      look = Look.fail(Trigger.GATE_FAILED, "stage " + stage.id() + ": the gate could not be read "
          + unreadable + " times in a row " + at + ": " + String.join("; ", unread));
      line = "unreadable " + unreadable + " times in a row " + at + ": " + all(broke, unread, held);
    } else if (!elapsed.minus(watch.holdFor()).isNegative()) {
      look = Look.PASSED;
      line = "held for " + StepDurations.show(watch.holdFor()) + " (" + taken + " readings): " + all(broke, unread, held);
    } else {
      Instant next = min(now.plus(watch.every()), start.plus(watch.holdFor()));
      look = Look.waitUntil(next, false);
      line = (unread.isEmpty() ? "holds" : "not readable (" + unreadable + " of " + Gate.Watch.UNREADABLE_LIMIT
          + " in a row allowed)") + ", " + at + "; next look at " + next + ": " + all(broke, unread, held);
    }
    String status = look.passed() ? "passed" : look.failed().isPresent() ? "failed" : "watching";
    String result = taken + " " + unreadable;
    recorder.write(pass.lease(), tx -> {
      StepStore.finish(tx, pass.id(), key(stage), status, result, start.toString());
      Timeline.append(tx, pass.id(), new TimelineLine("gate_reading", "stage " + stage.id() + " gate: " + line,
          recorder.json(data)));
      return null;
    });
    return look;
  }

  private Look approval(Pass pass, Stage stage, Gate.Approval gate, Optional<Stage> next) {
    Instant now = recorder.now();
    Optional<GuardStore.Approval> asked = guardStore.approval(pass.id(), key(stage));
    String what = next.map(Gates::describe).orElse("the runbook ends");
    if (asked.isEmpty()) {
      if (pass.mode() == Mode.DRY_RUN) {
        recorder.note(pass.lease(), "gate_reading", "stage " + stage.id() + " gate: dry-run: would wait up to "
            + StepDurations.show(gate.within()) + " for approval of: " + what);
        return Look.PASSED;
      }
      Instant deadline = now.plus(gate.within());
      recorder.askApproval(pass, key(stage), deadline, "stage " + stage.id(), what,
          "the runbook's gate before " + next.map(s -> "stage " + s.id()).orElse("its end"));
      return Look.waitUntil(deadline, true);
    }
    GuardStore.Approval approval = asked.get();
    String by = approval.by().orElse("?");
    if (approval.decision().filter("approved"::equals).isPresent()) {
      return Look.PASSED;
    }
    if (approval.decision().isPresent()) {
      return Look.fail(Trigger.GATE_FAILED, "stage " + stage.id() + ": " + what + " was denied by " + by);
    }
    if (!now.isBefore(approval.deadline())) {
      return Look.fail(Trigger.APPROVAL_TIMEOUT, "stage " + stage.id() + ": nobody approved " + what + " within "
          + StepDurations.show(gate.within()) + " (deadline " + approval.deadline() + ")");
    }
    return Look.waitUntil(approval.deadline(), true);
  }

  private static String describe(Stage stage) {
    List<String> steps = new ArrayList<>();
    for (ActionStep step : stage.actions()) {
      steps.add(step.id() + " (" + step.action() + ")");
    }
    return "stage " + stage.id() + (steps.isEmpty() ? "" : ": " + String.join(", ", steps));
  }

  private static String checks(Gate.Watch watch) {
    return watch.checks().size() + " check" + (watch.checks().size() == 1 ? "" : "s") + " ("
        + String.join(", ", watch.checks().stream().map(Gate.Check::id).toList()) + ")";
  }

  private static String all(List<String> broke, List<String> unread, List<String> held) {
    List<String> out = new ArrayList<>(broke);
    out.addAll(unread);
    out.addAll(held);
    return String.join("; ", out);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}

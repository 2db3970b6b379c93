package io.runbookd.actions;

import java.util.Map;
import java.util.Objects;

/**
 * What an action did, as a value: the engine alone interprets it, records it and decides.
 *
 * @param status how it ended
 * @param detail one line for the timeline
 * @param data details for the timeline and for undoing (e.g. the previous value)
 */
public record Outcome(Status status, String detail, Map<String, Object> data) {

  /** How an action step ended. */
  public enum Status {
    /** The change is made (or was found already made when re-checking after a restart). */
    DONE,
    /** Nothing to change: the target is already in the wanted state. */
    NOT_NEEDED,
    /** The target refused or the call failed; the detail says why. */
    FAILED,
    /** Not now (e.g. a disruption budget); try again later. */
    RETRY_LATER,
    /** After a restart, the state of the target cannot tell whether the change was made. */
    UNKNOWN,
    /** Recheck found the change is not in place; running the step again is safe. */
    NOT_APPLIED
  }

  public Outcome {
    Objects.requireNonNull(status);
    Objects.requireNonNull(detail);
    data = Map.copyOf(data);
  }

  public static Outcome done(String detail) {
    return new Outcome(Status.DONE, detail, Map.of());
  }

  public static Outcome done(String detail, Map<String, Object> data) {
    return new Outcome(Status.DONE, detail, data);
  }

  public static Outcome notNeeded(String detail) {
    return new Outcome(Status.NOT_NEEDED, detail, Map.of());
  }

  public static Outcome failed(String detail) {
    return new Outcome(Status.FAILED, detail, Map.of());
  }

  public static Outcome unknown(String detail) {
    return new Outcome(Status.UNKNOWN, detail, Map.of());
  }

  public static Outcome notApplied(String detail) {
    return new Outcome(Status.NOT_APPLIED, detail, Map.of());
  }

  public boolean succeeded() {
    return status == Status.DONE || status == Status.NOT_NEEDED;
  }
}

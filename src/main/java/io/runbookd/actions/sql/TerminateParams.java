package io.runbookd.actions.sql;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which session {@code sql.terminate_backend} ends, and why it may: {@code pid} together with
 * {@code backendStart} names one session (pids are reused), and {@code reason} is the condition
 * that must still hold when it is ended.
 *
 * @param minSeconds for {@link Reason#LONG_RUNNING}: the least age of its open transaction
 */
record TerminateParams(
    String datasource, long pid, Instant backendStart, Reason reason, long minSeconds) {

  /** The condition the session must meet at the moment it is ended. */
  enum Reason {
    /** It holds a lock another session of the database waits for. */
    BLOCKING("blocking"),
    /** Its transaction has been open for at least {@code min_seconds}. */
    LONG_RUNNING("long_running");

    private final String wire;

    Reason(String wire) {
      this.wire = wire;
    }

    String wire() {
      return wire;
    }

    static Optional<Reason> named(String name) {
      return Arrays.stream(values()).filter(r -> r.wire.equals(name)).findFirst();
    }
  }

  String session() {
    return "pid " + pid + " (started " + backendStart + ")";
  }

  String condition() {
    return reason == Reason.BLOCKING
        ? "it blocks another session"
        : "its transaction is open for at least " + minSeconds + " s";
  }
}

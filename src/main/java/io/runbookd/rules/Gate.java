package io.runbookd.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What must pass before a stage's runbook moves on: metrics that hold, or a human's approval. */
public sealed interface Gate {

  /**
   * Every check is read every {@code every}; the gate passes once all of them held on every
   * reading for {@code holdFor}, and fails at the first reading where one does not hold. A check
   * that cannot be read is not a breach on its own; {@link #UNREADABLE_LIMIT} readings in a row
   * with one unreadable are.
   */
  record Watch(Duration holdFor, Duration every, List<Check> checks, int line) implements Gate {
    /** Consecutive readings with a check unreadable that fail the gate. */
    public static final int UNREADABLE_LIMIT = 3;

    public Watch {
      checks = List.copyOf(checks);
    }
  }

  /** A human approves the next stage (or denies it) within {@code within}. */
  record Approval(Duration within, int line) implements Gate {}

  /**
   * One condition of a watch gate: {@code condition} over {@code result}, the data of probe
   * {@code probe} read with {@code params}.
   */
  record Check(String id, String probe, Map<String, ParamValue> params, Expression condition,
      VerifyStep.Missing missing, int line) {
    public Check {
      params = Map.copyOf(params);
    }
  }
}

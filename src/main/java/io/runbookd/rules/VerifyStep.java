package io.runbookd.rules;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code verify} section: after acting, probe {@code probe} every {@code every} until
 * {@code condition} (which reads {@code result.*}) has held on every reading for {@code holdFor}
 * (the rule's {@code for}; zero: one reading), within at most {@code within}.
 *
 * @param missing what an answer without data (a PromQL query with no series) means: {@code
 *     FAIL} (the default) counts it as not verified; {@code ZERO} reads its value as 0 (an error
 *     ratio whose 5xx series are gone)
 */
public record VerifyStep(
    String probe,
    Map<String, ParamValue> params,
    Expression condition,
    Duration within,
    Duration every,
    Duration holdFor,
    Missing missing,
    int line) {
  public VerifyStep {
    params = Map.copyOf(params);
  }

  /** What an answer without data counts as. */
  public enum Missing {
    FAIL,
    ZERO
  }
}

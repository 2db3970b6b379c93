package io.runbookd.rules;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code verify} section: after acting, probe {@code probe} every {@code every} until
 * {@code condition} (which reads {@code result.*}) holds, for at most {@code within}. Missing
 * data counts as not verified.
 */
public record VerifyStep(
    String probe,
    Map<String, ParamValue> params,
    Expression condition,
    Duration within,
    Duration every,
    int line) {
  public VerifyStep {
    params = Map.copyOf(params);
  }
}

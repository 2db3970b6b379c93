package io.runbookd.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How and how often a runbook is rehearsed: a drill replays it in dry-run, from its example alert
 * (alert-driven runbooks) or with its manual parameters, and passes when the plan reaches the fixes
 * it is meant to exercise.
 *
 * @param every how often a drill is due; {@link #DEFAULT_EVERY} (a quarter) unless the rule says
 * @param params for a manual runbook, the parameters a drill runs with, as text the way the API
 *     takes them; checked against the manual trigger when the rule loads. Empty: the defaults
 * @param example for an alert-driven runbook, the Alertmanager webhook body a drill replays, as a
 *     path relative to the directory that holds the rules directory, e.g. {@code
 *     examples/high-error-rate.json}
 */
public record Drill(Duration every, Map<String, String> params, Optional<String> example) {

  public static final Duration DEFAULT_EVERY = Duration.ofDays(90);

  public Drill {
    Objects.requireNonNull(every, "every");
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    Objects.requireNonNull(example, "example");
  }

  /** Every 90 days, with the manual trigger's defaults or no example. */
  public static Drill defaults() {
    return new Drill(DEFAULT_EVERY, Map.of(), Optional.empty());
  }
}

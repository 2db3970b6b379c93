package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.incident.Priority;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runbookd would do for one alert, worked out without contacting any system: the
 * {@code simulate} command's answer.
 */
public record Plan(
    String alertname,
    String fingerprint,
    Optional<String> rule,
    String reason,
    Priority priority,
    Mode mode,
    List<ProbePlan> probes,
    List<ActionPlan> actions,
    Optional<String> verify,
    List<String> pagers,
    String grouping) {

  /** A probe that would run, with its parameters as far as the alert alone resolves them. */
  public record ProbePlan(String id, String probe, Map<String, Object> params, String note) {}

  /**
   * An action step: its condition, parameters, what it would change, and the guards' verdict
   * (or why it cannot be decided before the probes answer).
   */
  public record ActionPlan(
      String id, String action, String when, Map<String, Object> params, String change, String decision) {}
}

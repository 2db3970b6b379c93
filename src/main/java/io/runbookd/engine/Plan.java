package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.incident.Priority;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runbookd would do for one alert, worked out without contacting any system: the
 * {@code simulate} command's answer.
 *
 * @param verify the rule's verification; for a runbook in stages, its {@code verify_rollback}
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
    String grouping,
    List<StagePlan> stages,
    List<String> triggers) {

  public Plan {
    probes = List.copyOf(probes);
    actions = List.copyOf(actions);
    pagers = List.copyOf(pagers);
    stages = List.copyOf(stages);
    triggers = List.copyOf(triggers);
  }

  /** The plan for an alert of a runbook without stages. */
  public Plan(String alertname, String fingerprint, Optional<String> rule, String reason, Priority priority,
      Mode mode, List<ProbePlan> probes, List<ActionPlan> actions, Optional<String> verify, List<String> pagers,
      String grouping) {
    this(alertname, fingerprint, rule, reason, priority, mode, probes, actions, verify, pagers, grouping, List.of(),
        List.of());
  }

  /** Whether this is the plan of a run (manual or scheduled) rather than of an alert. */
  public boolean run() {
    return !triggers.isEmpty();
  }

  /**
   * One stage of a runbook in stages: its actions, its verification and its gate, in words.
   *
   * @param gate e.g. {@code 2 checks hold for 24h, read every 1h} with a line per check, or {@code
   *     approval within 24h}; empty when the stage has none
   */
  public record StagePlan(String id, List<ActionPlan> actions, Optional<String> verify, List<String> gate) {
    public StagePlan {
      actions = List.copyOf(actions);
      gate = List.copyOf(gate);
    }
  }

  /** A probe that would run, with its parameters as far as the alert alone resolves them. */
  public record ProbePlan(String id, String probe, Map<String, Object> params, String note) {}

  /**
   * An action step: its condition, parameters, what it would change, and the guards' verdict
   * (or why it cannot be decided before the probes answer).
   */
  public record ActionPlan(
      String id, String action, String when, Map<String, Object> params, String change, String decision) {}
}

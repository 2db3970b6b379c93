package io.runbookd.rules;

import io.runbookd.config.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a runbook does once it started: diagnose (probes, in parallel), then either remediate
 * (actions, in order) and verify, or a sequence of stages (actions, verification, gate each),
 * then escalate.
 *
 * @param mode a stricter mode than the daemon's for this rule; never a looser one
 * @param stages the stages of a runbook that runs in stages; empty for a diagnose-then-fix one
 *     (a rule has {@code remediate} or {@code stages}, never both)
 * @param verifyRollback what must hold after a staged runbook rolled back (the previous version
 *     served again), read before the page goes out
 * @param report the page the runbook leaves behind, if it has one
 */
public record Steps(
    Optional<Mode> mode,
    List<ProbeStep> diagnose,
    List<ActionStep> remediate,
    Optional<VerifyStep> verify,
    Escalation escalate,
    List<Stage> stages,
    Optional<VerifyStep> verifyRollback,
    Optional<ReportSpec> report) {
  public Steps {
    diagnose = List.copyOf(diagnose);
    remediate = List.copyOf(remediate);
    stages = List.copyOf(stages);
  }

  /** Diagnose-then-fix steps, without stages. */
  public Steps(Optional<Mode> mode, List<ProbeStep> diagnose, List<ActionStep> remediate,
      Optional<VerifyStep> verify, Escalation escalate) {
    this(mode, diagnose, remediate, verify, escalate, List.of(), Optional.empty(), Optional.empty());
  }

  public static Steps none() {
    return new Steps(Optional.empty(), List.of(), List.of(), Optional.empty(), Escalation.defaults());
  }

  /** Whether the runbook runs in stages. */
  public boolean staged() {
    return !stages.isEmpty();
  }

  /** Every action step, in the order they run: {@code remediate}, or each stage's in turn. */
  public List<ActionStep> actions() {
    List<ActionStep> out = new ArrayList<>(remediate);
    stages.forEach(stage -> out.addAll(stage.actions()));
    return out;
  }

  public Optional<ProbeStep> probe(String id) {
    return diagnose.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<ActionStep> action(String id) {
    return actions().stream().filter(a -> a.id().equals(id)).findFirst();
  }
}

package io.runbookd.rules;

import io.runbookd.config.Mode;
import java.util.List;
import java.util.Optional;

/**
 * What a runbook does once it matched: diagnose (probes, in parallel), remediate (actions, in
 * order), verify, escalate.
 *
 * @param mode a stricter mode than the daemon's for this rule; never a looser one
 */
public record Steps(
    Optional<Mode> mode,
    List<ProbeStep> diagnose,
    List<ActionStep> remediate,
    Optional<VerifyStep> verify,
    Escalation escalate) {
  public Steps {
    diagnose = List.copyOf(diagnose);
    remediate = List.copyOf(remediate);
  }

  public static Steps none() {
    return new Steps(Optional.empty(), List.of(), List.of(), Optional.empty(), Escalation.defaults());
  }

  public Optional<ProbeStep> probe(String id) {
    return diagnose.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<ActionStep> action(String id) {
    return remediate.stream().filter(a -> a.id().equals(id)).findFirst();
  }
}

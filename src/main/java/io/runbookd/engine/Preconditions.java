package io.runbookd.engine;

import io.runbookd.incident.Incident;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Expression;
import io.runbookd.rules.StepContext;
import io.runbookd.store.IncidentStore;
import java.util.Optional;

/**
 * What must still hold right before a mutating step, read now rather than when the pass began:
 * the incident is in flight, its alerts still fire (for an alert-driven incident), the probes
 * the step needs answered, and its condition holds.
 */
final class Preconditions {
  private final IncidentStore incidents;

  Preconditions(IncidentStore incidents) {
    this.incidents = incidents;
  }

  /** Why the step must not run now, if anything. */
  Optional<String> check(Pass pass, ActionStep step, StepContext context) {
    Optional<Incident> now = incidents.get(pass.id());
    if (now.isEmpty() || !now.get().status().inFlight()) {
      return Optional.of("the incident is no longer in flight");
    }
    if (now.get().trigger().kind().equals("alert") && now.get().firingCount() <= 0) {
      return Optional.of("every alert of the incident has resolved");
    }
    for (String needed : step.needs()) {
      if (!context.probes().containsKey(needed)) {
        return Optional.of("needs the result of probe " + needed + ", which did not answer");
      }
    }
    if (step.when().isEmpty()) {
      return Optional.empty();
    }
    Expression when = step.when().get();
    try {
      return when.test(context) ? Optional.empty() : Optional.of("condition '" + when.source() + "' is false");
    } catch (Expression.EvaluationException e) {
      return Optional.of("condition '" + when.source() + "' could not be evaluated: " + e.getMessage());
    }
  }
}

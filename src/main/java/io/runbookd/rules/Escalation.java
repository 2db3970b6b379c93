package io.runbookd.rules;

import io.runbookd.incident.Priority;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code escalate} section: whom to page and on which outcomes.
 *
 * @param priority overrides the rule's priority for pages, if set
 * @param pagers the rule's own pagers: when set, exactly these (of the configured ones) are paged;
 *     empty (the default) lets the escalation policy choose by priority
 * @param on the outcomes that page; default all of them
 */
public record Escalation(Optional<Priority> priority, List<String> pagers, Set<Trigger> on) {

  /** Why automation hands an incident to a human. */
  public enum Trigger {
    /** Every probe failed, so nothing is known. */
    DIAGNOSIS_FAILED,
    /** No remediation step's condition held: nothing automatic applies. */
    NO_ACTION,
    /** A guard refused an action. */
    ACTION_BLOCKED,
    /** An action failed. */
    ACTION_FAILED,
    /** The verification condition did not hold within its window. */
    VERIFY_FAILED,
    /** After a restart the engine could not tell whether an action took effect. */
    OUTCOME_UNKNOWN,
    /** An action waited for approval and nobody decided within the window. */
    APPROVAL_TIMEOUT,
    /** A scheduled run reached the end of its window: it stopped at a step boundary. */
    WINDOW_CLOSED,
    /** A stage's gate failed: a check broke, could not be read, or its approval was denied. */
    GATE_FAILED
  }

  public Escalation {
    pagers = List.copyOf(pagers);
    on = Set.copyOf(on);
  }

  public static Escalation defaults() {
    return new Escalation(Optional.empty(), List.of(), Set.of(Trigger.values()));
  }
}

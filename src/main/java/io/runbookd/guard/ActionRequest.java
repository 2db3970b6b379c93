package io.runbookd.guard;

import io.runbookd.actions.Target;
import io.runbookd.config.Mode;

/**
 * One mutating step the engine wants to take, as the guards see it.
 *
 * @param mode the effective mode: the stricter of the daemon's and the rule's
 */
public record ActionRequest(
    String incidentId, String ruleId, String stepId, String action, Target target, Mode mode) {}

package io.runbookd.guard;

import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.config.Mode;

/**
 * One mutating step the engine wants to take, as the guards see it.
 *
 * @param mode the effective mode: the stricter of the daemon's and the rule's
 * @param approval whether the rule asks a human to approve this step
 * @param undo whether this step takes back an earlier one after a failed verification (rate
 *     limits and the blast radius do not hold back an undo; the kill switch and mode do)
 */
public record ActionRequest(
    String incidentId,
    String ruleId,
    String stepId,
    String action,
    Target target,
    Mode mode,
    Reversibility reversibility,
    boolean approval,
    boolean undo) {}

package io.runbookd.engine;

import io.runbookd.rules.Escalation;

/** Why the engine hands an incident to a human: the trigger, and one line of reason. */
record Stop(Escalation.Trigger trigger, String reason) {}

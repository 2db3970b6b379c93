package io.runbookd.store;

import io.runbookd.incident.IncidentStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * A status change of an incident and the reason recorded with it.
 *
 * @param nextRunAt when the engine should look at it again; empty when it has nothing left
 * @param verifyDeadline set when entering verification
 */
public record Transition(
    String id,
    IncidentStatus from,
    IncidentStatus to,
    String reason,
    Optional<Instant> nextRunAt,
    Optional<Instant> verifyDeadline) {}

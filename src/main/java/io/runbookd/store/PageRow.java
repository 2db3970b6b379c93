package io.runbookd.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A page as stored: one or more incidents a human is told about together, its escalation
 * policy snapshot and the level it reached.
 *
 * @param status {@code open}, {@code acknowledged} or {@code resolved}
 * @param openIncidents how many of its incidents have not ended
 */
public record PageRow(
    long id,
    String dedupKey,
    String stormKey,
    String priority,
    String status,
    int incidents,
    int openIncidents,
    int revision,
    String policy,
    int level,
    Optional<Instant> nextLevelAt,
    Instant openedAt,
    Instant lastSentAt) {}

package io.runbookd.incident;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** An incident as stored: one alert episode, the runbook that covers it, and where it stands. */
public record Incident(
    String id,
    Optional<String> rule,
    Optional<String> ruleVersion,
    IncidentStatus status,
    Priority priority,
    String alertname,
    String fingerprint,
    Instant startsAt,
    Optional<Instant> endsAt,
    Map<String, String> labels,
    Map<String, String> annotations,
    OptionalDouble value,
    String generatorUrl,
    Instant createdAt,
    Instant updatedAt) {}

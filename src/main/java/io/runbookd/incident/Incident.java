package io.runbookd.incident;

import io.runbookd.alert.Alert;
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
    Instant updatedAt) {

  /** The alert this incident is about, as rule expressions read it. */
  public Alert alert() {
    return new Alert(
        status == IncidentStatus.RESOLVED ? Alert.Status.RESOLVED : Alert.Status.FIRING,
        labels,
        annotations,
        startsAt,
        endsAt,
        generatorUrl,
        fingerprint);
  }
}

package io.runbookd.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One alert of an Alertmanager notification, already validated by the intake.
 *
 * <p>Every text in it is untrusted input: render it as data, never evaluate it.
 *
 * @param status {@code firing} or {@code resolved}
 * @param labels the alert's label set, including {@code alertname}
 * @param annotations the alert's annotations; {@code value} carries the current value
 * @param startsAt when the episode began; with the fingerprint it identifies the episode
 * @param endsAt when the alert ended, or empty while it fires (Alertmanager's zero time)
 * @param generatorUrl link back to the alert's source, may be empty
 * @param fingerprint Alertmanager's hash of the label set
 */
public record Alert(
    Status status,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Optional<Instant> endsAt,
    String generatorUrl,
    String fingerprint) {

  /** The two states Alertmanager reports. */
  public enum Status {
    FIRING,
    RESOLVED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Alert {
    Objects.requireNonNull(status, "status");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    generatorUrl = generatorUrl == null ? "" : generatorUrl;
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  public String alertname() {
    return labels.getOrDefault("alertname", "");
  }

  public boolean firing() {
    return status == Status.FIRING;
  }

  /**
   * The alert's current value from the {@code value} annotation that Prometheus alerting rules
   * set with {@code value: "{{ $value }}"}; empty when absent or not a finite number.
   */
  public OptionalDouble value() {
    String raw = annotations.get("value");
    if (raw == null || raw.isBlank()) {
      return OptionalDouble.empty();
    }
    try {
      double parsed = Double.parseDouble(raw.trim());
      return Double.isFinite(parsed) ? OptionalDouble.of(parsed) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}

package io.runbookd.incident;

import io.runbookd.alert.Alert;
import java.util.Locale;
import java.util.Optional;

/** The seed's escalation levels, P0 the most urgent. */
public enum Priority {
  P0,
  P1,
  P2,
  P3;

  public static Optional<Priority> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The default policy: the rule's own priority, else the alert's {@code priority} label, else
   * its {@code severity} ({@code critical} P1, {@code warning} P2, anything else P3).
   */
  public static Priority of(Optional<Priority> rulePriority, Alert alert) {
    return of(rulePriority, alert, DEFAULT_SEVERITIES);
  }

  /** A configured severity map ("critical" to "P1") as priorities; unknown values are skipped. */
  public static java.util.Map<String, Priority> severities(java.util.Map<String, String> configured) {
    java.util.Map<String, Priority> out = new java.util.HashMap<>();
    configured.forEach((severity, p) -> parse(p).ifPresent(v -> out.put(severity, v)));
    return java.util.Map.copyOf(out);
  }

  /** The default map from an alert's {@code severity} label to a priority. */
  public static final java.util.Map<String, Priority> DEFAULT_SEVERITIES =
      java.util.Map.of("critical", P1, "warning", P2);

  /**
   * As {@link #of(Optional, Alert)}, with a configured map from {@code severity} (lower case) to
   * priority; a severity the map does not name is P3.
   */
  public static Priority of(
      Optional<Priority> rulePriority, Alert alert, java.util.Map<String, Priority> severities) {
    if (rulePriority.isPresent()) {
      return rulePriority.get();
    }
    Optional<Priority> label = parse(alert.labels().get("priority"));
    if (label.isPresent()) {
      return label.get();
    }
    String severity = alert.labels().getOrDefault("severity", "").toLowerCase(Locale.ROOT);
    return severities.getOrDefault(severity, P3);
  }
}

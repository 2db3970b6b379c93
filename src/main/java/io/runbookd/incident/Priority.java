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
    if (rulePriority.isPresent()) {
      return rulePriority.get();
    }
    Optional<Priority> label = parse(alert.labels().get("priority"));
    if (label.isPresent()) {
      return label.get();
    }
    String severity = alert.labels().getOrDefault("severity", "").toLowerCase(Locale.ROOT);
    return switch (severity) {
      case "critical" -> P1;
      case "warning" -> P2;
      default -> P3;
    };
  }
}

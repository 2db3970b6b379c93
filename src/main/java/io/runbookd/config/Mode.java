package io.runbookd.config;

import java.util.Locale;
import java.util.Optional;

/** How far runbookd may go; ordered from the strictest to the loosest. */
public enum Mode {
  /** Diagnose only: probes run, no action is even planned. */
  OBSERVE("observe"),
  /** Probes run, actions are planned and recorded with their parameters, none is sent. */
  DRY_RUN("dry-run"),
  /** Actions run, behind the guardrails. */
  ENFORCE("enforce");

  private final String wire;

  Mode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Mode> parse(String text) {
    for (Mode mode : values()) {
      if (mode.wire.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  /** The stricter of the two: a rule may tighten the daemon's mode, never loosen it. */
  public Mode strictest(Mode other) {
    return compareTo(other) <= 0 ? this : other;
  }
}

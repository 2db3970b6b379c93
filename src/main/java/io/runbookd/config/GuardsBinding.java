package io.runbookd.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Binds {@code guards.*}: safe defaults, every value bounded. */
final class GuardsBinding {
  private GuardsBinding() {}

  static RunbookdConfig.Guards bind(Binder b) {
    Optional<String> self = b.text("guards.selfDeployment");
    if (self.isPresent() && !self.get().matches("[a-z0-9-]{1,63}/[a-z0-9.-]{1,253}")) {
      b.problem("guards.selfDeployment", "must be namespace/name");
    }
    return new RunbookdConfig.Guards(
        Durations.of(b, "guards.cooldown", Duration.ofMinutes(30)),
        b.integer("guards.budgetPerHour", 10, 1, 1000),
        b.integer("guards.maxTargetsPerIncident", 3, 1, 50),
        Durations.of(b, "guards.approvalTimeout", Duration.ofMinutes(30)),
        self);
  }
}

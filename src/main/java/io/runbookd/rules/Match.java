package io.runbookd.rules;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of matching one alert against the rule set.
 *
 * @param rule the rule that covers the alert, or empty when none does
 * @param reason one line for the incident timeline saying why; label text in it is already rendered
 *     safely
 */
public record Match(Optional<Rule> rule, String reason) {

  public Match {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(reason, "reason");
  }

  public boolean matched() {
    return rule.isPresent();
  }
}

package io.runbookd.plugin;

import java.util.Optional;

/**
 * Validates one parameter value after it is resolved (literal or the result of an
 * expression). Returns the problem, or empty when the value is acceptable. Checks run both
 * when rules load (literals) and right before a plugin runs (values built from alert labels),
 * so a label crafted to escape is refused with this reason.
 */
@FunctionalInterface
public interface Check {
  Optional<String> problem(Object value);

  Check NONE = value -> Optional.empty();
}

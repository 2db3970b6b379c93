package io.runbookd.engine;

import io.runbookd.rules.Rule;
import java.util.Optional;

/**
 * Finds the rule an incident started with. A running incident keeps the rule version it
 * matched even if the rules reload; when that version is no longer known (a restart after the
 * file changed), the current rule with the same id is used and the timeline says so.
 */
public interface RuleSource {
  Optional<Rule> rule(String id, String version);
}

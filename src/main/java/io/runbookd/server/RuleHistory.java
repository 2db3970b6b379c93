package io.runbookd.server;

import io.runbookd.engine.RuleSource;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rules by id and version, across reloads: an incident keeps running the rule text it matched
 * even after the file changed. Versions seen before this process started are not known; then
 * the current rule with the same id is used.
 */
final class RuleHistory implements RuleSource {
  private final RuleRegistry registry;
  private final Map<String, Rule> seen = new ConcurrentHashMap<>();

  RuleHistory(RuleRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Optional<Rule> rule(String id, String version) {
    registry.current().rules().forEach(r -> seen.putIfAbsent(r.id() + "@" + r.version(), r));
    Rule exact = seen.get(id + "@" + version);
    return exact != null ? Optional.of(exact) : registry.current().byId(id);
  }
}

package io.runbookd.sql;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The queries rule files may name: the built-ins and those configured under {@code queries.NAME}.
 * Rules name a query; they never carry SQL.
 */
public final class NamedQueries {
  private final Map<String, RunbookdConfig.Query> configured;

  public NamedQueries(Map<String, RunbookdConfig.Query> configured) {
    for (String name : configured.keySet()) {
      if (BuiltInQuery.named(name).isPresent()) {
        throw new IllegalArgumentException(
            "queries." + name + ": is the name of a built-in query; choose another name");
      }
    }
    this.configured = new TreeMap<>(configured);
  }

  /** Every name a rule may use, sorted. */
  public SortedSet<String> names() {
    SortedSet<String> names = new TreeSet<>(configured.keySet());
    for (BuiltInQuery q : BuiltInQuery.values()) {
      names.add(q.wire());
    }
    return names;
  }

  public boolean contains(String name) {
    return configured.containsKey(name) || BuiltInQuery.named(name).isPresent();
  }

  public Optional<BuiltInQuery> builtIn(String name) {
    return BuiltInQuery.named(name);
  }

  public Optional<RunbookdConfig.Query> configured(String name) {
    return Optional.ofNullable(configured.get(name));
  }

  /** The message for a name that is neither built in nor configured. */
  public String unknown(String name) {
    return "unknown query '" + Checks.clip(name) + "'; known: " + String.join(", ", names());
  }
}

package io.runbookd.escalation;

import io.runbookd.plugin.Checks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The pagers rule files and the escalation policy can name: one explicit list. */
public final class Pagers {
  private final Map<String, Pager> byName = new TreeMap<>();

  public Pagers(List<Pager> pagers) {
    for (Pager pager : pagers) {
      if (byName.put(pager.name(), pager) != null) {
        throw new IllegalArgumentException("duplicate pager '" + pager.name() + "'");
      }
    }
  }

  public Optional<Pager> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public String unknown(String name) {
    return "unknown pager '" + Checks.clip(name) + "'; known: " + String.join(", ", byName.keySet());
  }

  public java.util.Collection<Pager> all() {
    return byName.values();
  }
}

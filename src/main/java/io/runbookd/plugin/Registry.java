package io.runbookd.plugin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plugins of one kind keyed by the name rule files use. Built from an explicit list: no
 * classpath scanning. A duplicate name is an error; an unknown name is answered with the
 * known ones.
 */
public class Registry<T extends Plugin<?>> {
  private final String kind;
  private final Map<String, T> byName = new TreeMap<>();

  protected Registry(String kind, List<? extends T> plugins) {
    this.kind = kind;
    for (T plugin : plugins) {
      if (byName.put(plugin.name(), plugin) != null) {
        throw new IllegalArgumentException("duplicate " + kind + " '" + plugin.name() + "'");
      }
    }
  }

  public Optional<T> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The message for a name that is not registered. */
  public String unknown(String name) {
    return "unknown " + kind + " '" + Checks.clip(name) + "'; known: " + String.join(", ", byName.keySet());
  }

  public Collection<T> all() {
    return byName.values();
  }

  public String kind() {
    return kind;
  }
}

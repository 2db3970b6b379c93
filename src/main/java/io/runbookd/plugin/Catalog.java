package io.runbookd.plugin;

import java.util.Optional;
import java.util.SortedSet;

/**
 * The plugins that exist, by kind and name, as rule loading needs them: to refuse an unknown
 * name (listing the known ones) and to check parameters against each plugin's declaration.
 */
public interface Catalog {

  /** The kinds of plugin a rule file names. */
  enum Kind {
    PROBE("probe"),
    ACTION("action"),
    PAGER("pager");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  Optional<PluginInfo> find(Kind kind, String name);

  SortedSet<String> names(Kind kind);

  default String unknown(Kind kind, String name) {
    return "unknown "
        + kind.word()
        + " '"
        + Checks.clip(name)
        + "'; known: "
        + String.join(", ", names(kind));
  }
}

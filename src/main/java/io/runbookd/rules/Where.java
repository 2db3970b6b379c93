package io.runbookd.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Where in a rule file a step or section is, and how messages name its keys: {@code remediate[0]
 * (raise_pool) when: ...} for a step, {@code verify.condition: ...} for a section.
 *
 * @param path the step's or section's path in the file
 * @param label how messages name it
 * @param separator between the label and a key
 */
record Where(List<Object> path, String label, String separator) {

  Where {
    path = List.copyOf(path);
  }

  /** The {@code index}-th step of {@code section}, named with its id when it has a text one. */
  static Where step(String section, int index, String id) {
    String label = section + "[" + index + "]" + (id.isEmpty() ? "" : " (" + SafeText.of(id) + ")");
    return new Where(List.of(section, index), label, " ");
  }

  /** The {@code index}-th entry of list {@code key} under this step or section. */
  Where item(String key, int index, String id) {
    String named = label + separator + key + "[" + index + "]" + (id.isEmpty() ? "" : " (" + SafeText.of(id) + ")");
    return new Where(path(key, index), named, " ");
  }

  /** The section {@code key} under this step or section. */
  Where child(String key) {
    return new Where(path(key), say(key), ".");
  }

  static Where section(String name) {
    return new Where(List.of(name), name, ".");
  }

  /** How messages name {@code key} of this step or section. */
  String say(String key) {
    return label + separator + key;
  }

  /** The path of {@code more} under this step or section. */
  List<Object> path(Object... more) {
    List<Object> out = new ArrayList<>(path);
    out.addAll(List.of(more));
    return out;
  }
}

package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The problems of one rule file being parsed, and the lines to report them at.
 *
 * @param file the file as shown to users
 * @param tree the parsed file
 * @param problems where problems are added
 */
record Reporter(String file, YamlTree tree, List<Problem> problems) {

  void at(int line, String message) {
    problems.add(new Problem(file, line, message));
  }

  /** The JSON value at {@code path}; a missing node when there is none. */
  JsonNode json(List<Object> path) {
    JsonNode node = tree.json();
    for (Object element : path) {
      node = element instanceof Integer index ? node.path(index) : node.path((String) element);
    }
    return node;
  }

  /** The line of the value at {@code path}. */
  int line(List<Object> path) {
    return tree.lineOf(path);
  }

  /** The line of the key {@code key} in the mapping at {@code path}. */
  int keyLine(List<Object> path, String key) {
    return tree.keyLineOf(path, key);
  }
}

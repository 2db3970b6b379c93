package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One parsed rule file in two views: the JSON form that the schema validates and the rule is built
 * from, and the YAML node tree that knows the line of every key and value.
 *
 * <p>A path is a list of property names (String) and array indexes (Integer), as in JSON Schema
 * instance locations.
 */
record YamlTree(Node root, JsonNode json) {

  /** The 1-based line of the value at {@code path}, or of its nearest existing ancestor. */
  int lineOf(List<Object> path) {
    Node node = root;
    for (Object element : path) {
      Optional<Node> next = step(node, element);
      if (next.isEmpty()) {
        break;
      }
      node = next.get();
    }
    return line(node);
  }

  /** The 1-based line of the key {@code key} in the mapping at {@code path}. */
  int keyLineOf(List<Object> path, String key) {
    Node mapping = root;
    for (Object element : path) {
      Optional<Node> next = step(mapping, element);
      if (next.isEmpty()) {
        return line(mapping);
      }
      mapping = next.get();
    }
    return child(mapping, key).map(t -> line(t.getKeyNode())).orElse(line(mapping));
  }

  private static Optional<Node> step(Node node, Object element) {
    return child(node, element).map(NodeTuple::getValueNode).or(() -> item(node, element));
  }

  private static Optional<NodeTuple> child(Node node, Object element) {
    if (!(node instanceof MappingNode mapping) || !(element instanceof String name)) {
      return Optional.empty();
    }
    return mapping.getValue().stream()
        .filter(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name))
        .findFirst();
  }

  private static Optional<Node> item(Node node, Object element) {
    if (node instanceof SequenceNode sequence
        && element instanceof Integer index
        && index >= 0
        && index < sequence.getValue().size()) {
      return Optional.of(sequence.getValue().get(index));
    }
    return Optional.empty();
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }
}

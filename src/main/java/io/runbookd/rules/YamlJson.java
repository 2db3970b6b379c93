package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed YAML node tree into JSON for the schema, reporting what plain JSON cannot
 * express or what the rule format forbids: duplicate keys (SnakeYAML only checks them when it
 * constructs Java objects, which the loader never does), merge keys, non-scalar keys, explicit tags
 * other than the core ones, and nesting deeper than {@link #MAX_DEPTH}. The conversion goes on
 * after a problem so that every problem of a file is reported at once.
 */
final class YamlJson {

  static final int MAX_DEPTH = 32;

  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
  private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off");
  private static final Set<Tag> SCALAR_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  private final String file;
  private final List<Problem> problems;
  private final JsonNodeFactory factory = JsonNodeFactory.instance;

  YamlJson(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  JsonNode convert(Node node) {
    return convert(node, 0);
  }

  private JsonNode convert(Node node, int depth) {
    if (depth > MAX_DEPTH) {
      problem(node, "nesting deeper than " + MAX_DEPTH + " levels");
      return NullNode.instance;
    }
    if (node instanceof MappingNode mapping) {
      checkTag(node, Tag.MAP);
      return mapping(mapping, depth);
    }
    if (node instanceof SequenceNode sequence) {
      checkTag(node, Tag.SEQ);
      ArrayNode array = factory.arrayNode();
      sequence.getValue().forEach(item -> array.add(convert(item, depth + 1)));
      return array;
    }
    return scalar((ScalarNode) node);
  }

  private ObjectNode mapping(MappingNode mapping, int depth) {
    ObjectNode object = factory.objectNode();
    Map<String, Integer> firstLines = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problem(tuple.getKeyNode(), "keys must be plain strings");
        continue;
      }
      if (key.getTag().equals(Tag.MERGE)) {
        problem(key, "merge keys (<<) are not supported");
        continue;
      }
      Integer first = firstLines.putIfAbsent(key.getValue(), YamlTree.line(key));
      if (first != null) {
        problem(key, "duplicate key '" + key.getValue() + "' (first at line " + first + ")");
        continue;
      }
      object.set(key.getValue(), convert(tuple.getValueNode(), depth + 1));
    }
    return object;
  }

  private JsonNode scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (!SCALAR_TAGS.contains(tag)) {
      problem(scalar, "unsupported YAML tag " + tag.getValue());
    } else if (tag.equals(Tag.NULL)) {
      return NullNode.instance;
    } else if (tag.equals(Tag.BOOL)) {
      return bool(value);
    } else if (tag.equals(Tag.INT)) {
      return integer(value);
    } else if (tag.equals(Tag.FLOAT)) {
      return decimal(value);
    }
    return TextNode.valueOf(value);
  }

  private static JsonNode bool(String value) {
    String word = value.toLowerCase(Locale.ROOT);
    if (TRUE_WORDS.contains(word) || FALSE_WORDS.contains(word)) {
      return BooleanNode.valueOf(TRUE_WORDS.contains(word));
    }
    return TextNode.valueOf(value);
  }

  // YAML 1.1 also has octal, binary and base-60 integers; no rule key is an integer yet, so
  // those stay text and the schema says what it expected.
  private JsonNode integer(String value) {
    try {
      return factory.numberNode(new BigInteger(value.replace("_", "")));
    } catch (NumberFormatException e) {
      return TextNode.valueOf(value);
    }
  }

  private JsonNode decimal(String value) {
    try {
      double parsed = Double.parseDouble(value.replace("_", ""));
      return Double.isFinite(parsed) ? factory.numberNode(parsed) : TextNode.valueOf(value);
    } catch (NumberFormatException e) {
      return TextNode.valueOf(value);
    }
  }

  private void checkTag(Node node, Tag expected) {
    if (!node.getTag().equals(expected)) {
      problem(node, "unsupported YAML tag " + node.getTag().getValue());
    }
  }

  private void problem(Node node, String message) {
    problems.add(new Problem(file, YamlTree.line(node), message));
  }
}

package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schema (draft 2020-12) of rule files, read from the classpath ({@link #RESOURCE}; the
 * copy at {@code rules/schema.json} is for editors and a test keeps both equal). Its errors are
 * reported at the line of the YAML key or value they are about.
 */
public final class RuleSchema {

  static final String RESOURCE = "/io/runbookd/rules/rule.schema.json";

  private final JsonNode schemaJson;
  private final JsonSchema schema;

  public RuleSchema() {
    try (InputStream in = RuleSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("rule schema missing from the classpath: " + RESOURCE);
      }
      this.schemaJson = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the rule schema " + RESOURCE, e);
    }
    this.schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson);
  }

  List<Problem> validate(String file, YamlTree tree) {
    List<Problem> problems = new ArrayList<>();
    for (ValidationMessage message : schema.validate(tree.json())) {
      List<Object> path = elements(message.getInstanceLocation());
      String property = message.getProperty();
      String prefix = path.isEmpty() ? "" : render(path) + ": ";
      switch (message.getType()) {
        case "additionalProperties" ->
            problems.add(
                new Problem(
                    file,
                    tree.keyLineOf(path, property),
                    prefix + "unknown key '" + property + "'; allowed: " + allowedKeys(path)));
        case "required" ->
            problems.add(
                new Problem(
                    file, tree.lineOf(path), prefix + "missing required key '" + property + "'"));
        case "enum" ->
            problems.add(
                new Problem(
                    file, tree.lineOf(path), prefix + "must be one of " + enumValues(path)));
        default -> problems.add(new Problem(file, tree.lineOf(path), prefix + message.getError()));
      }
    }
    return problems;
  }

  private static List<Object> elements(JsonNodePath path) {
    List<Object> out = new ArrayList<>(path.getNameCount());
    for (int i = 0; i < path.getNameCount(); i++) {
      out.add(path.getElement(i));
    }
    return out;
  }

  /** A path as users write it: {@code match.alertname[1]}. */
  static String render(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object element : path) {
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        out.append(out.length() == 0 ? "" : ".").append(SafeText.of(element.toString()));
      }
    }
    return out.toString();
  }

  private String allowedKeys(List<Object> path) {
    List<String> keys = new ArrayList<>();
    subschema(path).path("properties").fieldNames().forEachRemaining(keys::add);
    return String.join(", ", keys);
  }

  private String enumValues(List<Object> path) {
    List<String> values = new ArrayList<>();
    subschema(path).path("enum").forEach(v -> values.add(v.asText()));
    return String.join(", ", values);
  }

  // Good enough for this schema: plain nested "properties", "additionalProperties" (for maps such
  // as manual.params), "items" and local "$ref"s into "$defs", no combinators.
  private JsonNode subschema(List<Object> path) {
    JsonNode node = schemaJson;
    for (Object element : path) {
      node = resolved(node);
      JsonNode properties = node.path("properties");
      if (element instanceof Integer) {
        node = node.path("items");
      } else if (properties.has(element.toString())) {
        node = properties.path(element.toString());
      } else {
        node = node.path("additionalProperties");
      }
    }
    return resolved(node);
  }

  private JsonNode resolved(JsonNode node) {
    String ref = node.path("$ref").asText("");
    return ref.startsWith("#/$defs/") ? schemaJson.path("$defs").path(ref.substring("#/$defs/".length())) : node;
  }
}

package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code manual} section: each parameter's type, bounds, pattern, allowed values and
 * default, checked against one another (a default out of bounds, a pattern on an int, min above
 * max). The schema has already checked the keys and shapes; what it reports is skipped here.
 */
final class ManualParser {

  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final List<Object> PARAMS = List.of("manual", "params");

  private ManualParser() {}

  static Optional<ManualParams> parse(Reporter r) {
    if (!r.json(List.of("manual")).isObject()) {
      return Optional.empty(); // absent, or the schema reports it
    }
    List<ManualParam> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : r.json(PARAMS).properties()) {
      param(r, entry.getKey(), entry.getValue()).ifPresent(out::add);
    }
    return Optional.of(new ManualParams(out));
  }

  private static Optional<ManualParam> param(Reporter r, String name, JsonNode spec) {
    if (!NAME.matcher(name).matches()) {
      r.at(
          r.keyLine(PARAMS, name),
          "manual.params: '"
              + SafeText.of(name)
              + "' is not a parameter name: a-z, 0-9 and _, starting with a letter"
              + " (expressions read it as params.NAME)");
      return Optional.empty();
    }
    Optional<ManualParam.Type> type = type(spec.path("type"));
    if (!spec.isObject() || type.isEmpty()) {
      return Optional.empty(); // the schema reports it
    }
    ParamSpec read = new ParamSpec(r, name, spec, type.get());
    return read.param();
  }

  private static Optional<ManualParam.Type> type(JsonNode node) {
    for (ManualParam.Type type : ManualParam.Type.values()) {
      if (type.word().equals(node.asText())) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** One parameter's declaration, read key by key; any problem leaves it out. */
  private static final class ParamSpec {
    private final Reporter r;
    private final String name;
    private final JsonNode spec;
    private final ManualParam.Type type;
    private boolean ok = true;

    ParamSpec(Reporter r, String name, JsonNode spec, ManualParam.Type type) {
      this.r = r;
      this.name = name;
      this.spec = spec;
      this.type = type;
    }

    Optional<ManualParam> param() {
      Optional<Object> min = bound("min");
      Optional<Object> max = bound("max");
      if (min.isPresent() && max.isPresent() && ManualValues.compare(min.get(), max.get()) > 0) {
        fail("min", ManualParam.show(min.get()) + " is above max " + ManualParam.show(max.get()));
      }
      Optional<Pattern> pattern = pattern();
      List<Object> allowed = allowed();
      String description = spec.path("description").asText("");
      ManualParam declared =
          new ManualParam(name, type, Optional.empty(), min, max, pattern, allowed, description);
      Optional<Object> defaultValue = defaultValue(declared);
      return ok
          ? Optional.of(
              new ManualParam(name, type, defaultValue, min, max, pattern, allowed, description))
          : Optional.empty();
    }

    private Optional<Object> bound(String key) {
      if (!spec.has(key)) {
        return Optional.empty();
      }
      if (!type.bounded()) {
        fail(key, "only int, number and duration parameters have bounds");
        return Optional.empty();
      }
      return value(spec.path(key), List.of(key));
    }

    private Optional<Pattern> pattern() {
      if (!spec.path("pattern").isTextual()) {
        return Optional.empty(); // absent, or the schema reports it
      }
      if (type != ManualParam.Type.STRING) {
        fail("pattern", "only string parameters have a pattern");
        return Optional.empty();
      }
      try {
        return Optional.of(Pattern.compile(spec.path("pattern").asText()));
      } catch (PatternSyntaxException e) {
        fail("pattern", "invalid regex: " + e.getDescription());
        return Optional.empty();
      }
    }

    private List<Object> allowed() {
      JsonNode values = spec.path("enum");
      if (!values.isArray()) {
        return List.of(); // absent, or the schema reports it
      }
      if (!type.enumerable()) {
        fail("enum", "only string, int and number parameters have an enum");
        return List.of();
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        value(values.get(i), List.of("enum", i)).ifPresent(out::add);
      }
      return out;
    }

    private Optional<Object> defaultValue(ManualParam declared) {
      if (!spec.has("default")) {
        return Optional.empty();
      }
      Optional<Object> value = value(spec.path("default"), List.of("default"));
      Optional<String> problem = value.flatMap(declared::problem);
      problem.ifPresent(p -> fail("default", p));
      return problem.isPresent() ? Optional.empty() : value;
    }

    private Optional<Object> value(JsonNode node, List<Object> at) {
      Optional<Object> value = ManualValues.fromYaml(type, node);
      if (value.isEmpty()) {
        String shown = node.isTextual() ? "'" + SafeText.of(node.asText()) + "'" : node.toString();
        report(at, SafeText.of(shown) + " " + ManualValues.expected(type));
      }
      return value;
    }

    private void fail(String key, String message) {
      report(List.of(key), message);
    }

    private void report(List<Object> at, String message) {
      List<Object> path = new ArrayList<>(PARAMS);
      path.add(name);
      path.addAll(at);
      r.at(r.line(path), RuleSchema.render(path) + ": " + message);
      ok = false;
    }
  }
}

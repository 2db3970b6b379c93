package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.PluginInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A step's plugin and parameters: the plugin name must be in the catalog, and the parameters must
 * be ones it declares, with literal values that pass its checks. A value written {@code {expr:
 * "..."}} is a CEL expression: compiled now, its value checked by the plugin when the step runs.
 * Without a catalog only the expressions are checked.
 */
final class StepParams {

  private static final String EXPR = "expr";

  private final StepCompiler compiler;
  private final Optional<Catalog> catalog;

  StepParams(StepCompiler compiler, Optional<Catalog> catalog) {
    this.compiler = compiler;
    this.catalog = catalog;
  }

  /** The plugin named at {@code key}, reporting an unknown name with the known ones. */
  Optional<PluginInfo> plugin(Reporter r, Where where, String key, Catalog.Kind kind) {
    JsonNode name = r.json(where.path(key));
    if (!name.isTextual() || catalog.isEmpty()) {
      return Optional.empty();
    }
    Optional<PluginInfo> found = catalog.get().find(kind, name.asText());
    if (found.isEmpty()) {
      r.at(
          r.line(where.path(key)),
          where.say(key) + ": " + catalog.get().unknown(kind, name.asText()));
    }
    return found;
  }

  /** The step's parameters, reporting every problem; {@code plugin} empty when unknown. */
  Map<String, ParamValue> parse(
      Reporter r, Where where, Optional<PluginInfo> plugin, StepCompiler.Scope scope) {
    JsonNode params = r.json(where.path("params"));
    Map<String, ParamValue> out = new LinkedHashMap<>();
    Map<String, Object> literals = new LinkedHashMap<>();
    Set<String> deferred = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> field : params.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (isExpression(value)) {
        deferred.add(name);
        expression(r, where, name, value, scope)
            .ifPresent(e -> out.put(name, new ParamValue.Expr(e)));
        continue;
      }
      Object literal = literal(value);
      literals.put(name, literal);
      if (literal != null) { // a YAML null means "not given", as for the binder
        out.put(name, new ParamValue.Literal(literal));
      }
    }
    plugin.ifPresent(p -> check(r, where, p, literals, deferred));
    return out;
  }

  private Optional<StepExpression> expression(
      Reporter r, Where where, String name, JsonNode value, StepCompiler.Scope scope) {
    int line = r.keyLine(where.path("params"), name);
    String label = where.say("params") + ": " + SafeText.of(name);
    JsonNode source = value.get(EXPR);
    if (value.size() != 1 || !source.isTextual() || source.asText().isEmpty()) {
      r.at(line, label + ": an expression is written {expr: \"...\"}, with nothing else");
      return Optional.empty();
    }
    // The schema bounds when and condition; parameter values are the plugin's, so it is here.
    if (source.asText().length() > CelSupport.MAX_EXPRESSION_LENGTH) {
      r.at(line, label + ": longer than " + CelSupport.MAX_EXPRESSION_LENGTH + " characters");
      return Optional.empty();
    }
    return compiler.compile(r, line, label, source, false, scope);
  }

  private static void check(
      Reporter r,
      Where where,
      PluginInfo plugin,
      Map<String, Object> literals,
      Set<String> deferred) {
    List<String> problems;
    try {
      problems = ParamBinder.literalProblems(plugin.params(), literals, deferred);
    } catch (RuntimeException e) {
      // A plugin's check that throws is a bug, but it must not stop the other files loading.
      r.at(r.keyLine(where.path(), "params"), where.say("params") + ": check failed: " + e);
      return;
    }
    for (String problem : problems) {
      int colon = problem.indexOf(':');
      String name = colon > 0 ? problem.substring(0, colon) : "";
      boolean present = r.json(where.path("params")).has(name);
      int line =
          present ? r.keyLine(where.path("params"), name) : r.keyLine(where.path(), "params");
      r.at(line, where.say("params") + ": " + problem);
    }
  }

  /** {@code {expr: ...}}, or a map with an {@code expr} key and others: a mistake reported. */
  private static boolean isExpression(JsonNode value) {
    return value.isObject() && value.has(EXPR);
  }

  /** A YAML value as the plugin's binder takes it: String, Long, Double, Boolean, List, Map. */
  static Object literal(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(item -> out.add(literal(item)));
      return Collections.unmodifiableList(out);
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.properties().forEach(e -> out.put(e.getKey(), literal(e.getValue())));
      return Collections.unmodifiableMap(out);
    }
    return null;
  }
}

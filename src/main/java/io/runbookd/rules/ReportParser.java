package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code report}: its sections' probes must be the rule's diagnose steps, a text written
 * {@code {expr: ...}} must compile as a value over probes, params and vars.
 */
final class ReportParser {
  private final StepCompiler compiler;

  ReportParser(StepCompiler compiler) {
    this.compiler = compiler;
  }

  Optional<ReportSpec> parse(Reporter r, StepCompiler.Scope scope) {
    JsonNode report = r.json(List.of("report"));
    if (!report.isObject()) {
      return Optional.empty(); // absent, or the schema reports it
    }
    List<ReportSpec.Section> sections = new ArrayList<>();
    Where where = Where.section("report");
    JsonNode items = report.path("sections");
    for (int i = 0; items.isArray() && i < items.size(); i++) {
      section(r, where.item("sections", i, ""), items.get(i), scope).ifPresent(sections::add);
    }
    if (!report.path("title").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(new ReportSpec(report.path("title").asText(), sections));
  }

  private Optional<ReportSpec.Section> section(Reporter r, Where where, JsonNode item, StepCompiler.Scope scope) {
    Optional<ParamValue> text = text(r, where, item.path("text"), scope);
    Optional<ReportSpec.ChartOf> chart = Optional.empty();
    if (item.path("chart").isObject()) {
      JsonNode c = item.path("chart");
      probe(r, where.child("chart"), c.path("probe"), scope);
      chart = Optional.of(new ReportSpec.ChartOf(c.path("probe").asText(), c.path("unit").asText("")));
    }
    Optional<ReportSpec.TableOf> table = Optional.empty();
    if (item.path("table").isObject()) {
      JsonNode t = item.path("table");
      probe(r, where.child("table"), t.path("probe"), scope);
      List<String> columns = new ArrayList<>();
      t.path("columns").forEach(c -> columns.add(c.asText()));
      table = Optional.of(new ReportSpec.TableOf(t.path("probe").asText(), t.path("rows").asText("rows"), columns));
    }
    if (!item.path("heading").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(new ReportSpec.Section(item.path("heading").asText(), text, chart, table));
  }

  private Optional<ParamValue> text(Reporter r, Where where, JsonNode node, StepCompiler.Scope scope) {
    if (node.isTextual()) {
      return Optional.of(new ParamValue.Literal(node.asText()));
    }
    if (!node.isObject() || !node.path("expr").isTextual()) {
      return Optional.empty(); // absent, or the schema reports it
    }
    return compiler.compile(r, r.keyLine(where.path("text"), "expr"), where.say("text"), node.path("expr"), false,
        scope).map(ParamValue.Expr::new);
  }

  private static void probe(Reporter r, Where where, JsonNode id, StepCompiler.Scope scope) {
    if (id.isTextual() && !scope.probeIds().contains(id.asText())) {
      r.at(r.line(where.path("probe")), where.say("probe") + ": no diagnose step has id '"
          + SafeText.of(id.asText()) + "'; " + StepCompiler.known(scope));
    }
  }
}

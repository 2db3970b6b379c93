package io.runbookd.cli;

import io.runbookd.engine.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders plans for people (text) and for machines (maps for JSON). */
final class PlanText {
  private PlanText() {}

  static String render(Plan p) {
    StringBuilder out = new StringBuilder();
    if (p.run()) {
      out.append("run of ").append(p.rule().orElse("?")).append(": ").append(p.reason()).append("\n");
      p.triggers().forEach(t -> out.append("  started:  ").append(t).append("\n"));
    } else {
      out.append("alert ").append(p.alertname()).append(" (fingerprint ").append(p.fingerprint()).append(")\n");
      out.append("  runbook:  ").append(p.rule().orElse("none")).append("\n");
      out.append("  reason:   ").append(p.reason()).append("\n");
    }
    out.append("  priority: ").append(p.priority()).append("; mode ").append(p.mode().wire()).append("\n");
    out.append("  group by: ").append(p.grouping()).append("\n");
    if (p.rule().isEmpty()) {
      out.append("  escalate: by severity, priority ").append(p.priority()).append("\n\n");
      return out.toString();
    }
    if (p.probes().isEmpty() && p.actions().isEmpty() && p.stages().isEmpty() && p.pagers().isEmpty()) {
      return out.append("\n").toString();
    }
    out.append("  diagnose (in parallel):\n");
    for (Plan.ProbePlan probe : p.probes()) {
      out.append("    ").append(probe.id()).append(": ").append(probe.probe()).append(" ").append(probe.params());
      out.append(probe.note().isEmpty() ? "" : "  ! " + probe.note()).append("\n");
    }
    if (p.stages().isEmpty()) {
      out.append("  remediate (in order):\n");
      p.actions().forEach(action -> action(out, action, "    "));
      out.append("  verify:   ").append(p.verify().orElse("none")).append("\n");
    } else {
      stages(out, p);
      p.verify().ifPresent(v -> out.append("  after a rollback, verify: ").append(v).append("\n"));
    }
    String via = p.pagers().isEmpty() ? "the escalation policy's pagers for " + p.priority()
        : String.join(", ", p.pagers()) + " (the rule's own list)";
    out.append("  escalate: ").append(p.priority()).append(" via ").append(via).append("\n\n");
    return out.toString();
  }

  private static void stages(StringBuilder out, Plan p) {
    out.append("  stages (in order; a failure after an action rolls back every reversible one):\n");
    for (int i = 0; i < p.stages().size(); i++) {
      Plan.StagePlan stage = p.stages().get(i);
      out.append("    ").append(i + 1).append(". ").append(stage.id()).append("\n");
      stage.actions().forEach(action -> action(out, action, "      "));
      stage.verify().ifPresent(v -> out.append("      verify:   ").append(v).append("\n"));
      for (int g = 0; g < stage.gate().size(); g++) {
        out.append(g == 0 ? "      gate:     " : "        ").append(stage.gate().get(g)).append("\n");
      }
    }
  }

  private static void action(StringBuilder out, Plan.ActionPlan action, String indent) {
    out.append(indent).append(action.id()).append(": ").append(action.action()).append(" ").append(action.params())
        .append("\n");
    out.append(indent).append("  when:     ").append(action.when()).append("\n");
    if (!action.change().isEmpty()) {
      out.append(indent).append("  change:   ").append(action.change()).append("\n");
    }
    out.append(indent).append("  decision: ").append(action.decision()).append("\n");
  }

  private static Map<String, Object> stage(Plan.StagePlan stage) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", stage.id());
    out.put("actions", stage.actions());
    out.put("verify", stage.verify().orElse(null));
    out.put("gate", stage.gate());
    return out;
  }

  static List<Map<String, Object>> asMaps(List<Plan> plans) {
    return plans.stream().map(PlanText::asMap).toList();
  }

  private static Map<String, Object> asMap(Plan p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("alertname", p.alertname());
    out.put("fingerprint", p.fingerprint());
    out.put("rule", p.rule().orElse(null));
    out.put("reason", p.reason());
    out.put("priority", p.priority().name());
    out.put("mode", p.mode().wire());
    out.put("probes", p.probes());
    out.put("actions", p.actions());
    out.put("verify", p.verify().orElse(null));
    out.put("groupBy", p.grouping());
    out.put("pagers", p.pagers());
    if (p.run()) {
      out.put("triggers", p.triggers());
    }
    if (!p.stages().isEmpty()) {
      out.put("stages", p.stages().stream().map(PlanText::stage).toList());
    }
    return out;
  }
}

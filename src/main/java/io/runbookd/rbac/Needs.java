package io.runbookd.rbac;

import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Permission;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Gate;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.ProbeStep;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.rules.Stage;
import io.runbookd.rules.VerifyStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every permission the steps of a rule set need, from each plugin's own declaration. */
public final class Needs {
  private final Catalog catalog;

  public Needs(Catalog catalog) {
    this.catalog = catalog;
  }

  public List<Need> of(RuleSet rules) {
    List<Need> needs = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      for (ProbeStep p : rule.steps().diagnose()) {
        add(needs, rule, p.line(), p.id(), Catalog.Kind.PROBE, p.probe(), p.params());
      }
      actions(needs, rule, rule.steps().remediate());
      rule.steps().verify().ifPresent(v -> verify(needs, rule, "verify", v));
      rule.steps().stages().forEach(stage -> stage(needs, rule, stage));
      rule.steps().verifyRollback().ifPresent(v -> verify(needs, rule, "verify_rollback", v));
      for (String pager : rule.steps().escalate().pagers()) {
        add(needs, rule, 1, "escalate", Catalog.Kind.PAGER, pager, Map.of());
      }
    }
    return needs;
  }

  /** A stage's actions, its verification and its gate's checks: a staged runbook uses them all. */
  private void stage(List<Need> needs, Rule rule, Stage stage) {
    actions(needs, rule, stage.actions());
    stage.verify().ifPresent(v -> verify(needs, rule, stage.id() + ".verify", v));
    if (stage.gate().orElse(null) instanceof Gate.Watch watch) {
      for (Gate.Check check : watch.checks()) {
        add(needs, rule, check.line(), stage.id() + "." + check.id(), Catalog.Kind.PROBE, check.probe(),
            check.params());
      }
    }
  }

  private void actions(List<Need> needs, Rule rule, List<ActionStep> actions) {
    for (ActionStep a : actions) {
      add(needs, rule, a.line(), a.id(), Catalog.Kind.ACTION, a.action(), a.params());
    }
  }

  private void verify(List<Need> needs, Rule rule, String step, VerifyStep v) {
    add(needs, rule, v.line(), step, Catalog.Kind.PROBE, v.probe(), v.params());
  }

  private void add(
      List<Need> needs,
      Rule rule,
      int line,
      String step,
      Catalog.Kind kind,
      String plugin,
      Map<String, ParamValue> params) {
    PluginInfo info =
        catalog.find(kind, plugin).orElseThrow(() -> new IllegalArgumentException(catalog.unknown(kind, plugin)));
    Map<String, String> literals = literals(params);
    for (String permission : info.permissions()) {
      needs.add(
          new Need(rule.id(), rule.file(), line, step, kind, plugin,
              Permission.parse(kind, permission), literals));
    }
  }

  /** Literal scalars as text; lists, maps and expressions are left out. */
  static Map<String, String> literals(Map<String, ParamValue> params) {
    Map<String, String> out = new TreeMap<>();
    params.forEach(
        (name, value) -> {
          if (value instanceof ParamValue.Literal literal
              && (literal.value() instanceof String
                  || literal.value() instanceof Number
                  || literal.value() instanceof Boolean)) {
            out.put(name, String.valueOf(literal.value()));
          }
        });
    return out;
  }
}

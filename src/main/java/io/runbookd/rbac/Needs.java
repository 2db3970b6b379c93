package io.runbookd.rbac;

import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Permission;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.ProbeStep;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
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
      for (ActionStep a : rule.steps().remediate()) {
        add(needs, rule, a.line(), a.id(), Catalog.Kind.ACTION, a.action(), a.params());
      }
      rule.steps()
          .verify()
          .ifPresent(v -> add(needs, rule, v.line(), "verify", Catalog.Kind.PROBE, v.probe(), v.params()));
      for (String pager : rule.steps().escalate().pagers()) {
        add(needs, rule, 1, "escalate", Catalog.Kind.PAGER, pager, Map.of());
      }
    }
    return needs;
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

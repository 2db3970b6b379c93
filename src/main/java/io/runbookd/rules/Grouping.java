package io.runbookd.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The default grouping of a rule's alerts: {@code alertname} plus the alert labels its steps read
 * to pick their targets, so that alerts about two different targets are two problems and alerts
 * about one target are one.
 */
final class Grouping {

  static final String ALERTNAME = "alertname";

  private Grouping() {}

  /**
   * {@code alertname}, then the labels read by parameters and {@code when}, in name order: the same
   * on every replica whatever the order maps iterate in.
   */
  static List<String> readLabels(Steps steps) {
    Set<String> out = new TreeSet<>();
    steps.diagnose().forEach(p -> params(p.params(), out));
    for (ActionStep action : steps.remediate()) {
      params(action.params(), out);
      expression(action.when(), out);
    }
    steps.verify().ifPresent(v -> params(v.params(), out));
    out.remove(ALERTNAME);
    List<String> labels = new ArrayList<>();
    labels.add(ALERTNAME);
    labels.addAll(out);
    return labels;
  }

  private static void params(Map<String, ParamValue> params, Set<String> out) {
    for (ParamValue value : params.values()) {
      if (value instanceof ParamValue.Expr expr) {
        expression(Optional.of(expr.expression()), out);
      }
    }
  }

  private static void expression(Optional<? extends Expression> expression, Set<String> out) {
    expression
        .filter(StepExpression.class::isInstance)
        .map(StepExpression.class::cast)
        .ifPresent(e -> out.addAll(e.labelsRead()));
  }
}

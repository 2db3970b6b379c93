package io.runbookd.engine;

import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.Params;
import io.runbookd.rules.Expression;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a step's parameters right before it runs: expressions are evaluated against the
 * alert and the probe results, then every value, literal or computed, passes the plugin's
 * declared types and checks. A label crafted to escape fails here, with the parameter named.
 */
final class StepParams {
  private StepParams() {}

  /** The resolved values (as recorded in the timeline) and the validated parameters. */
  record Resolved(Map<String, Object> values, Params params) {}

  static Resolved resolve(List<Param> spec, Map<String, ParamValue> raw, StepContext context)
      throws ParamException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, ParamValue> e : raw.entrySet()) {
      values.put(e.getKey(), value(e.getKey(), e.getValue(), context));
    }
    return new Resolved(values, ParamBinder.bind(spec, values));
  }

  private static Object value(String name, ParamValue value, StepContext context)
      throws ParamException {
    if (value instanceof ParamValue.Literal literal) {
      return literal.value();
    }
    Expression expression = ((ParamValue.Expr) value).expression();
    try {
      Object result = expression.evaluate(context);
      if (result == null) {
        throw new ParamException(name, "expression '" + expression.source() + "' gave no value");
      }
      return result;
    } catch (Expression.EvaluationException e) {
      throw new ParamException(name, e.getMessage());
    }
  }
}

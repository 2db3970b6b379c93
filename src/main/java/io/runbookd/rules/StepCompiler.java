package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles one expression of a rule step and checks what it reads against where it stands: {@code
 * result} only in {@code verify.condition}, no {@code probes} in diagnose parameters (the probes
 * run together), only {@code probes.<id>} of an existing diagnose step, and only {@code
 * params.<name>} of a declared manual parameter, and no {@code alert} in a rule no alert starts.
 */
final class StepCompiler {

  /**
   * What an expression may read at its place in the rule.
   *
   * @param probeIds the ids of the rule's diagnose steps
   * @param paramNames the names of the rule's manual parameters
   * @param alert whether an alert can start the rule (it has {@code match}), so that there is an
   *     {@code alert} to read
   * @param probes whether it may read {@code probes} at all
   * @param result whether it may read {@code result}
   */
  record Scope(
      Set<String> probeIds, Set<String> paramNames, boolean alert, boolean probes, boolean result) {
    Scope {
      probeIds = new TreeSet<>(probeIds);
      paramNames = new TreeSet<>(paramNames);
    }

    /** Where neither {@code probes} nor {@code result} may be read: diagnose parameters. */
    static Scope of(Set<String> probeIds, Set<String> paramNames, boolean alert) {
      return new Scope(probeIds, paramNames, alert, false, false);
    }

    Scope readingProbes() {
      return new Scope(probeIds, paramNames, alert, true, result);
    }

    Scope readingResult() {
      return new Scope(probeIds, paramNames, alert, probes, true);
    }
  }

  private static final List<String> ALERT_VARIABLES =
      List.of(ConditionCompiler.LABELS, ConditionCompiler.ANNOTATIONS, ConditionCompiler.VALUE);

  private final StepExpressions expressions;

  StepCompiler(StepExpressions expressions) {
    this.expressions = expressions;
  }

  /**
   * Compiles {@code node} when it is text of an acceptable length (the schema reports anything
   * else), reporting problems as {@code label: ...} at {@code line}.
   */
  Optional<StepExpression> compile(
      Reporter r, int line, String label, JsonNode node, boolean condition, Scope scope) {
    if (!node.isTextual() || node.asText().length() > CelSupport.MAX_EXPRESSION_LENGTH) {
      return Optional.empty();
    }
    String source = node.asText();
    StepExpressions.Compiled compiled =
        condition ? expressions.condition(source) : expressions.value(source);
    compiled.errors().forEach(e -> r.at(line, label + ": " + e));
    Optional<StepExpression> expression = compiled.expression();
    if (expression.isPresent() && !readsAllowed(r, line, label, expression.get(), scope)) {
      return Optional.empty();
    }
    return expression;
  }

  private static boolean readsAllowed(
      Reporter r, int line, String label, StepExpression expression, Scope scope) {
    boolean ok = true;
    for (String variable : ALERT_VARIABLES) {
      if (!scope.alert() && expression.reads(variable)) {
        r.at(
            line,
            label + ": reads " + variable + ", but no alert starts this rule (it has no match)");
        ok = false;
      }
    }
    if (expression.reads(StepExpressions.RESULT) && !scope.result()) {
      r.at(line, label + ": 'result' is only available in verify and gate check conditions");
      ok = false;
    }
    Set<String> named = expression.probesNamed();
    if (!scope.probes() && !named.isEmpty()) {
      r.at(
          line,
          label
              + ": diagnose steps run together and cannot read probes."
              + String.join(", probes.", named));
      return false;
    }
    for (String id : named) {
      if (!scope.probeIds().contains(id)) {
        r.at(line, label + ": reads probes." + SafeText.of(id) + ", but " + missing(id, scope));
        ok = false;
      }
    }
    for (String name : expression.paramsNamed()) {
      if (!scope.paramNames().contains(name)) {
        r.at(line, label + ": reads params." + SafeText.of(name) + ", but " + noParam(name, scope));
        ok = false;
      }
    }
    return ok;
  }

  private static String noParam(String name, Scope scope) {
    return scope.paramNames().isEmpty()
        ? "the rule has no manual parameters"
        : "manual.params has no '"
            + SafeText.of(name)
            + "'; declared: "
            + String.join(", ", scope.paramNames());
  }

  private static String missing(String id, Scope scope) {
    return scope.probeIds().isEmpty()
        ? known(scope)
        : "no diagnose step has id '" + SafeText.of(id) + "'; " + known(scope);
  }

  /** The probe ids a rule has, for messages about one it has not. */
  static String known(Scope scope) {
    return scope.probeIds().isEmpty()
        ? "the rule has no diagnose step"
        : "diagnose ids: " + String.join(", ", scope.probeIds());
  }
}

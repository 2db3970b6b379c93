package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.alert.Alert;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What docs/rules.md promises about step expressions, evaluated. */
class StepExpressionsTest {

  private static final StepExpressions CEL = new StepExpressions();

  private static final Alert ALERT =
      TestAlerts.firing(
          Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "service", "nba-mcp"),
          Map.of("value", "0.12"));

  // Probes hand over Java values: Integer and Float must compare like CEL's Long and Double.
  private static final Map<String, Map<String, Object>> PROBES =
      Map.of(
          "pods",
          Map.of("ready_ratio", 0.25, "restarts", 5, "oom_killed", 0, "ready", "yes"),
          "rollouts",
          Map.of("count", 3L, "latest_age_seconds", 120.0f));

  private static final StepContext CONTEXT =
      new StepContext(
          ALERT, PROBES, Map.of("health_url", "http://nba-mcp/health"), Optional.empty());

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " -> ",
      quoteCharacter = '"',
      value = {
        "probes.pods.ready_ratio < 0.5 -> true",
        "probes.pods.restarts > 3 -> true",
        "probes.pods.oom_killed == 0 && probes.pods.ready_ratio >= 0.5 -> false",
        "probes['rollouts'].count == 3 -> true",
        "probes.rollouts.latest_age_seconds < 600 -> true",
        "alert.value > 0.05 && alert.labels.service == 'nba-mcp' -> true",
        "has(probes.history) && probes.history.count > 0 -> false",
        "vars.health_url.startsWith('http://') -> true",
      })
  void conditionsEvaluateAsDocumented(String source, boolean expected) throws Exception {
    Expression expression = compile(CEL.condition(source));

    assertThat(expression.test(CONTEXT)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " -> ",
      quoteCharacter = '"',
      value = {
        "probes.history.count > 0 -> cannot evaluate 'probes.history.count > 0':"
            + " probe 'history' has no result",
        "vars.retrain_url == '' -> cannot evaluate 'vars.retrain_url == ''':"
            + " vars.retrain_url is not configured",
        "alert.labels.deployment == 'x' -> cannot evaluate 'alert.labels.deployment == 'x'':"
            + " the alert has no label 'deployment'",
        "probes.pods.missing > 1 -> cannot evaluate 'probes.pods.missing > 1':"
            + " key 'missing' is not present in map",
        "result.ready_ratio >= 1.0 -> cannot evaluate 'result.ready_ratio >= 1.0':"
            + " 'result' is only available in verify",
        "probes.pods.ready -> 'probes.pods.ready' is not a boolean: its value is yes",
      })
  void failuresSayWhatIsMissing(String source, String message) {
    Expression expression = compile(CEL.condition(source));

    assertThatThrownBy(() -> expression.test(CONTEXT))
        .isInstanceOf(Expression.EvaluationException.class)
        .hasMessage(message);
  }

  @Test
  void unboundAlertValueIsAFailureNotUnknown() {
    Expression expression = compile(CEL.condition("alert.value > 0.05"));
    StepContext noValue =
        new StepContext(
            TestAlerts.firing(Map.of("alertname", "X")), PROBES, Map.of(), Optional.empty());

    assertThatThrownBy(() -> expression.evaluate(noValue))
        .isInstanceOf(Expression.EvaluationException.class)
        .hasMessage(
            "cannot evaluate 'alert.value > 0.05': the alert has no numeric 'value' annotation");
  }

  @Test
  void verifyConditionReadsResult() throws Exception {
    Expression expression = compile(CEL.condition("result.ready_ratio >= 1.0"));
    StepContext verifying =
        new StepContext(ALERT, PROBES, Map.of(), Optional.of(Map.of("ready_ratio", 1)));

    assertThat(expression.test(verifying)).isTrue();
  }

  @Test
  void valuesAreCelsJavaValues() throws Exception {
    assertThat(compile(CEL.value("alert.labels.service")).evaluate(CONTEXT)).isEqualTo("nba-mcp");
    assertThat(compile(CEL.value("probes.pods.restarts * 2")).evaluate(CONTEXT)).isEqualTo(10L);
    assertThat(compile(CEL.value("alert.value")).evaluate(CONTEXT)).isEqualTo(0.12);
    assertThat(compile(CEL.value("1u")).evaluate(CONTEXT)).isEqualTo(1L);
    assertThat(compile(CEL.value("[1, 2].map(x, x * 10)")).evaluate(CONTEXT))
        .isEqualTo(List.of(10L, 20L));
    assertThat(
            compile(CEL.value("{'DB_POOL_SIZE': string(probes.pods.restarts * 10)}"))
                .evaluate(CONTEXT))
        .isEqualTo(Map.of("DB_POOL_SIZE", "50"));
  }

  @Test
  void valuesNoParameterTakesAreFailures() {
    Expression expression = compile(CEL.value("duration('5m')"));

    assertThatThrownBy(() -> expression.evaluate(CONTEXT))
        .isInstanceOf(Expression.EvaluationException.class)
        .hasMessage(
            "cannot evaluate 'duration('5m')': its value (Duration) is not a boolean, number,"
                + " text, list or map");
  }

  @Test
  void iterationBudgetBoundsEvaluation() {
    List<Long> many = Collections.nCopies(2000, 1L);
    StepContext big =
        new StepContext(ALERT, Map.of("pods", Map.of("items", many)), Map.of(), Optional.empty());
    Expression expression = compile(CEL.condition("probes.pods.items.all(i, i > 0)"));

    assertThatThrownBy(() -> expression.test(big))
        .isInstanceOf(Expression.EvaluationException.class)
        .hasMessage(
            "cannot evaluate 'probes.pods.items.all(i, i > 0)': Iteration budget exceeded: 1000");
  }

  @Test
  void probesReadComesFromTheSyntaxTree() {
    StepExpression expression =
        compile(
            CEL.condition(
                "probes.pods.ready_ratio < 0.5 && probes['rollouts'].count > 0"
                    + " && has(probes.history) && [1].exists(probes, probes > 0)"
                    + " && 'probes.fake' != ''"));

    assertThat(expression.probesRead()).containsExactlyInAnyOrder("pods", "rollouts");
    assertThat(expression.probesNamed()).containsExactlyInAnyOrder("pods", "rollouts", "history");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " -> ",
      quoteCharacter = '"',
      value = {
        "probes.pods.ready -> ",
        "alert.value * 100.0 -> must be a boolean expression, but its type is double",
        "probes.pods. -> CEL syntax error at column 13: no viable alternative at input '.'",
        "alert.severity == 'x' -> CEL type error at column 1: unknown variable 'alert.severity';"
            + " known: alert.labels, alert.annotations, alert.value, probes, vars, result, params",
      })
  void conditionsAreCheckedAtLoad(String source, String error) {
    StepExpressions.Compiled compiled = CEL.condition(source);

    assertThat(compiled.errors()).isEqualTo(error == null ? List.of() : List.of(error));
  }

  private static StepExpression compile(StepExpressions.Compiled compiled) {
    assertThat(compiled.errors()).isEmpty();
    return compiled.expression().orElseThrow();
  }
}

package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.alert.Alert;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What docs/rules.md promises about conditions, evaluated. */
class ConditionTest {

  private static final ConditionCompiler CEL = new ConditionCompiler();

  private static final Alert ALERT =
      TestAlerts.firing(
          Map.of("alertname", "X", "pod", "nba-mcp-7d9f", "team", "ml", "datname", "nba_stats"),
          Map.of("value", "1.5", "summary", "feature drift on 4 features"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " -> ",
      quoteCharacter = '"',
      value = {
        "alert.value > 1 -> true",
        "alert.value >= 1 && alert.labels.datname == 'nba_stats' -> true",
        "alert.value == 1.5 -> true",
        "has(alert.labels.pod) && alert.labels.pod.startsWith('nba-mcp-') -> true",
        "has(alert.labels.missing) -> false",
        "alert.annotations.summary.contains('drift') -> true",
        "'team' in alert.labels && alert.labels.team in ['ml', 'data'] -> true",
        "alert.labels.pod.matches('7d9f') -> true",
        "alert.labels.exists(k, k == 'team') -> true",
      })
  void evaluatesAsDocumented(String expression, boolean expected) {
    Condition condition = CEL.compile(expression).condition().orElseThrow();

    Verdict verdict = condition.evaluate(ALERT);

    assertThat(verdict.matched()).as(verdict.explanation()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " -> ",
      quoteCharacter = '"',
      value = {
        "alert.labels.missing == 'x' -> failed",
        "alert.labels['missing'] == 'x' -> failed",
      })
  void missingKeyIsARejectionWithReason(String expression, String reason) {
    Condition condition = CEL.compile(expression).condition().orElseThrow();

    Verdict verdict = condition.evaluate(ALERT);

    assertThat(verdict.matched()).isFalse();
    assertThat(verdict.explanation()).contains(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " -> ",
      quoteCharacter = '"',
      value = {
        "alert.value > 1 || alert.labels.team == 'ml' -> true",
        "alert.value > 1 && alert.labels.team == 'ml' -> false",
      })
  void missingValueIsUnknownNotFatal(String expression, boolean expected) {
    Condition condition = CEL.compile(expression).condition().orElseThrow();
    Alert noValue = TestAlerts.firing(Map.of("alertname", "X", "team", "ml"));

    Verdict verdict = condition.evaluate(noValue);

    assertThat(verdict.matched()).isEqualTo(expected);
    if (!expected) {
      assertThat(verdict.explanation()).endsWith("alert has no numeric 'value' annotation");
    }
  }
}

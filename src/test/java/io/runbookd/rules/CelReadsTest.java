package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a step expression reads, as the loader and the default grouping see it. */
class CelReadsTest {

  private static final StepExpressions CEL = new StepExpressions();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          alert.labels.deployment                                   | [deployment]
          alert.labels["service"] + "-" + alert.labels.namespace    | [service, namespace]
          has(alert.labels.pod) ? alert.labels.team : "none"        | [team]
          [1, 2].map(alert, alert * 2).size() > 0 ? "a" : "b"       | []
          probes.pods.ready_ratio                                   | []
          """)
  void seesTheAlertLabelsAnExpressionReads(String source, String labels) {
    StepExpression expression = CEL.value(source).expression().orElseThrow();

    assertThat(expression.labelsRead().toString()).isEqualTo(labels);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          params.replicas > 3                  | [replicas]
          has(params.mode) && params['size'] > 1 | [size, mode]
          alert.value > 0.5                    | []
          """)
  void seesTheManualParametersAnExpressionNames(String source, String params) {
    StepExpression expression = CEL.condition(source).expression().orElseThrow();

    assertThat(expression.paramsNamed().toString()).isEqualTo(params);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"alert.value > 0.5, true", "alert.labels.x == 'y', false"})
  void seesWhetherAnExpressionReadsTheAlertsValue(String source, boolean readsValue) {
    StepExpression expression = CEL.condition(source).expression().orElseThrow();

    assertThat(expression.reads(ConditionCompiler.VALUE)).isEqualTo(readsValue);
  }
}

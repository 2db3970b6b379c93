package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binding what a person passed (API params, CLI --param K=V) to a runbook's typed parameters. */
class ManualParamsTest {

  static final String MANUAL =
      "manual:\n"
          + "  params:\n"
          + "    replicas: {type: int, min: 1, max: 20, description: how many pods}\n"
          + "    deployment: {type: string, default: nba-mcp, pattern: '[a-z][a-z0-9-]{0,62}'}\n"
          + "    ratio: {type: number, min: 0, max: 1, enum: [0.25, 0.5, 1], default: 1}\n"
          + "    wait: {type: duration, default: 5m, min: 1m, max: 1h}\n"
          + "    force: {type: bool, default: false}\n"
          + "    mode: {type: string, enum: [horizontal, vertical], default: horizontal}\n"
          + "drill: {params: {replicas: 3}}\n";

  private static ManualParams manual;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    RuleFiles.write(dir, "a.yaml", "id: RB-1\ntitle: One\n" + MANUAL);
    LoadResult result = new RuleLoader(TestCatalog.INSTANCE).load(dir);
    assertThat(result.lines()).isEmpty();
    manual = result.ruleSet().orElseThrow().byId("RB-1").orElseThrow().triggers().manual().get();
  }

  @Test
  void bindsTextToTypedValuesWithDefaults() {
    ManualParams.Binding binding =
        manual.bind(Map.of("replicas", "5", "ratio", "0.5", "wait", "90s", "force", "true"));

    assertThat(binding.ok()).isTrue();
    assertThat(binding.values())
        .containsExactly(
            Map.entry("replicas", 5L),
            Map.entry("deployment", "nba-mcp"),
            Map.entry("ratio", 0.5),
            Map.entry("wait", Duration.ofSeconds(90)),
            Map.entry("force", true),
            Map.entry("mode", "horizontal"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicas   | 500       | replicas: 500 is above the maximum 20
          replicas   | 0         | replicas: 0 is below the minimum 1
          replicas   | 3.0       | replicas: '3.0' is not an int (a whole number)
          replicas   | three     | replicas: 'three' is not an int (a whole number)
          ratio      | 0.3       | ratio: 0.3 is not one of 0.25, 0.5, 1.0
          ratio      | NaN       | ratio: 'NaN' is not a number
          deployment | ../etc    | deployment: '../etc' does not match [a-z][a-z0-9-]{0,62}
          wait       | 2h        | wait: 2h is above the maximum 1h
          wait       | soon      | wait: 'soon' is not a duration such as 30s, 15m or 2h
          force      | yes       | force: 'yes' is not true or false
          mode       | diagonal  | mode: 'diagonal' is not one of 'horizontal', 'vertical'
          """)
  void refusesABadValueNamingTheParameter(String name, String value, String problem) {
    Map<String, String> raw = new LinkedHashMap<>(Map.of(name, value));
    raw.putIfAbsent("replicas", "3");

    ManualParams.Binding binding = manual.bind(raw);

    assertThat(binding.ok()).isFalse();
    assertThat(binding.problems()).containsExactly(problem);
    assertThat(binding.values()).isEmpty();
  }

  @Test
  void reportsEveryProblemAtOnce() {
    ManualParams.Binding binding = manual.bind(Map.of("replica", "3", "force", "1"));

    assertThat(binding.problems())
        .containsExactly(
            "replica: unknown parameter; known: replicas, deployment, ratio, wait, force, mode",
            "replicas: missing; it has no default",
            "force: '1' is not true or false");
  }

  @Test
  void refusesControlCharactersAndOverlongText() {
    assertThat(manual.bind(Map.of("replicas", "3", "deployment", "a\nb")).problems())
        .containsExactly("deployment: must not contain control characters or line breaks");
    assertThat(manual.bind(Map.of("replicas", "3", "deployment", "a".repeat(1001))).problems())
        .containsExactly("deployment: longer than 1000 characters");
  }

  @Test
  void aRunbookWithoutParametersTakesNone() {
    assertThat(ManualParams.none().bind(Map.of()).ok()).isTrue();
    assertThat(ManualParams.none().bind(Map.of("x", "1")).problems())
        .isEqualTo(List.of("x: unknown parameter; the runbook takes no parameters"));
  }
}

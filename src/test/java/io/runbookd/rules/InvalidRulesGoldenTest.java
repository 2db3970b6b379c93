package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each directory under {@code rules-invalid/} holds invalid rule files and {@code
 * expected.txt}, the exact {@code file:line: message} lines the loader must report.
 */
class InvalidRulesGoldenTest {

  private static final List<String> CASES =
      List.of(
          "yaml-syntax",
          "duplicate-key",
          "unknown-key",
          "missing-id",
          "bad-priority",
          "bad-regex",
          "bad-matcher",
          "cel-syntax",
          "cel-type",
          "unknown-cel-variable",
          "non-boolean-when",
          "duplicate-id",
          "several-problems",
          "empty-file",
          "multiple-documents",
          "wrong-types",
          // steps
          "steps-wrong-types",
          "unknown-probe",
          "unknown-action",
          "unknown-pager",
          "unknown-param",
          "missing-param",
          "bad-param-value",
          "param-expression",
          "non-boolean-step-condition",
          "unknown-probe-reference",
          "unknown-needs",
          "duplicate-step-id",
          "bad-duration",
          "every-over-within",
          // triggers, drills, grouping
          "no-trigger",
          "bad-schedule",
          "bad-manual-params",
          "unknown-params-reference",
          "alert-without-match",
          "bad-group-by",
          "bad-drill",
          "bad-silence",
          "bad-stages");

  private final RuleLoader loader = new RuleLoader(TestCatalog.INSTANCE);

  static List<String> cases() {
    return CASES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsExactlyTheExpectedProblems(String name) throws Exception {
    Path dir = root().resolve(name);
    List<String> expected = Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8);

    LoadResult result = loader.load(dir);

    assertThat(result.lines()).containsExactlyElementsOf(expected);
    assertThat(result.ruleSet()).isEmpty();
  }

  @Test
  void everyGoldenDirectoryIsACase() throws Exception {
    try (Stream<Path> dirs = Files.list(root())) {
      assertThat(dirs.map(d -> d.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(CASES);
    }
  }

  private static Path root() throws URISyntaxException {
    return Path.of(InvalidRulesGoldenTest.class.getResource("/rules-invalid").toURI());
  }
}

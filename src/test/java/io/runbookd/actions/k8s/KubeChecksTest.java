package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.k8s.KubeChecks;
import io.runbookd.k8s.Quantities;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks values pass before they are written into Kubernetes objects. */
class KubeChecksTest {
  @ParameterizedTest
  @CsvSource({
    "2, 2",
    "500m, 0.5",
    "4Gi, 4294967296",
    "129M, 129000000",
    "1e3, 1000",
    "1.5, 1.5",
    ".5, 0.5"
  })
  void parsesWellFormedQuantities(String text, String amount) {
    assertThat(Quantities.parse(text))
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(new BigDecimal(amount)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-1", "abc", "1..5", "1.5.5Gi", "4 Gi", "4gi", "1e", "2Gi;", "1/2", "0x10"})
  void refusesMalformedQuantities(String text) {
    assertThat(Quantities.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0m", "512m"})
  void memoryInThousandthsOrNothingIsRefused(String text) {
    assertThat(KubeChecks.RESOURCE_QUANTITIES.problem(Map.of("memory", text))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gpu", "ephemeral-storage", "nvidia.com/gpu", "CPU"})
  void onlyCpuAndMemoryAreSet(String resource) {
    assertThat(KubeChecks.RESOURCE_QUANTITIES.problem(Map.of(resource, "1")))
        .hasValueSatisfying(m -> assertThat(m).contains("use cpu or memory"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, -0.1, 1.01})
  void ratioIsAFractionAboveZero(double ratio) {
    assertThat(KubeChecks.RATIO.problem(ratio)).isPresent();
    assertThat(KubeChecks.RATIO.problem(1.0)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"A-B", "1X", "A B", "A=B"})
  void envNamesToRemoveAreCheckedLikeNamesToSet(String name) {
    assertThat(KubeChecks.ENV_NAME_LIST.problem(List.of("OK", name))).isPresent();
    assertThat(KubeChecks.ENV_NAME_LIST.problem(List.of("OK_1"))).isEmpty();
  }
}

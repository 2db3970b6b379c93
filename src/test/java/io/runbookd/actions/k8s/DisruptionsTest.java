package io.runbookd.actions.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How many replicas of a workload may be unavailable at once for a given ratio. */
class DisruptionsTest {
  @ParameterizedTest(name = "{0} replicas at {1}: {2}")
  @CsvSource({
    "1, 0.25, 0",
    "1, 1.0, 1",
    "2, 0.25, 1",
    "3, 0.25, 1",
    "3, 0.34, 1",
    "3, 0.67, 2",
    "4, 0.25, 1",
    "8, 0.25, 2",
    "10, 0.3, 3",
    "0, 1.0, 0"
  })
  void roundsDownButAllowsOnePodOfAWorkloadOfSeveral(int replicas, double ratio, int allowed) {
    assertThat(Disruptions.allowedUnavailable(replicas, ratio)).isEqualTo(allowed);
  }
}

package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.runbookd.k8s.Quantities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The quantities pods and metrics-server write, as the numbers {@code k8s.top_pods} reports. */
class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
    "250m, 250",
    "1, 1000",
    "2, 2000",
    "0.5, 500",
    "1500000n, 2",
    "610000000n, 610",
    "4500000n, 5",
    "100u, 1",
    "1e3, 1000000",
    "0, 0"
  })
  void cpuInMillicoresRoundedUp(String text, long millicores) {
    assertThat(Quantities.millicores(new Quantity(text))).contains(millicores);
  }

  @ParameterizedTest
  @CsvSource({
    "2Gi, 2147483648",
    "512Mi, 536870912",
    "7864320Ki, 8053063680",
    "1.5Gi, 1610612736",
    "1e3, 1000",
    "128974848, 128974848",
    "129M, 129000000",
    "1k, 1000",
    "1Ti, 1099511627776"
  })
  void memoryInBytes(String text, long bytes) {
    assertThat(Quantities.bytes(new Quantity(text))).contains(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1Gi", "12XB"})
  void malformedOrNegativeIsEmpty(String text) {
    assertThat(Quantities.bytes(new Quantity(text))).isEmpty();
    assertThat(Quantities.millicores(new Quantity(text))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "8589934592, 8Gi",
    "8053063680, 7.5Gi",
    "536870912, 512Mi",
    "1536, 1.5Ki",
    "100, 100B",
    "10737418240, 10Gi"
  })
  void formatsBytesInBinaryUnits(long bytes, String text) {
    assertThat(Quantities.formatBytes(bytes)).isEqualTo(text);
  }

  @Test
  void absentIsEmpty() {
    assertThat(Quantities.bytes(null)).isEmpty();
  }
}

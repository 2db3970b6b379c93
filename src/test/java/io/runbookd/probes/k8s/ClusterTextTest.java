package io.runbookd.probes.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterTextTest {

  @Test
  void removesControlAndInvisibleFormatCharacters() {
    String cleaned = ClusterText.clean("a\u001b[31mb\r\nc\u202ed\u0000e\tf");

    assertThat(cleaned).isEqualTo("a[31mbcde f");
  }

  @Test
  void clipsLongTextWithAnEllipsis() {
    String cleaned = ClusterText.clean("x".repeat(1000));

    assertThat(cleaned).hasSize(ClusterText.MAX_CHARS + 1).endsWith("x…");
  }

  @Test
  void neverSplitsASurrogatePair() {
    String cleaned = ClusterText.clean("x".repeat(ClusterText.MAX_CHARS - 1) + "😀tail");

    assertThat(cleaned).isEqualTo("x".repeat(ClusterText.MAX_CHARS - 1) + "…");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "login failed password=hunter2 user=app | login failed password=*** user=app",
        "{\"token\": \"abc.def\"} | {\"token\": \"***\"}",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x | Authorization: Bearer ***",
        "calling with basic dXNlcjpwYXNz== now | calling with basic *** now",
        "dial postgres://app:s3cret@db:5432/nba | dial postgres://***@db:5432/nba",
        "API_KEY=AKIA123 API-key: zzz | API_KEY=*** API-key: ***",
        "ERROR pool exhausted (20/20) | ERROR pool exhausted (20/20)"
      })
  void masksObviousCredentials(String line, String expected) {
    assertThat(ClusterText.clean(line)).isEqualTo(expected);
  }

  @Test
  void nullIsEmpty() {
    assertThat(ClusterText.clean(null)).isEmpty();
  }
}

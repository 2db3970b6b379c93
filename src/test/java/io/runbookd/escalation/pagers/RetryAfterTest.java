package io.runbookd.escalation.pagers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void readsDeltaSeconds() {
    assertThat(RetryAfter.parse(" 120 ", NOW)).contains(Duration.ofSeconds(120));
  }

  @Test
  void readsAnHttpDateRelativeToNow() {
    assertThat(RetryAfter.parse("Wed, 01 May 2024 12:00:30 GMT", NOW))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Tue, 30 Apr 2024 12:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void longWaitsAreBoundedToAnHour() {
    assertThat(RetryAfter.parse("86400", NOW)).contains(Duration.ofHours(1));
    assertThat(RetryAfter.parse("99999999999999999999", NOW)).isEmpty();
    assertThat(RetryAfter.parse("Fri, 31 Dec 2100 23:59:59 GMT", NOW))
        .contains(Duration.ofHours(1));
  }

  @Test
  void ignoresWhatIsNeitherForm() {
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
  }
}

package io.runbookd.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
  private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void aSignatureIsAdmittedOnceWhileItsTimestampCouldPass() {
    ReplayGuard guard = new ReplayGuard();

    assertThat(guard.admit("v0=aa", NOW)).isEqualTo(ReplayGuard.Verdict.NEW);
    assertThat(guard.admit("v0=aa", NOW.plus(Duration.ofMinutes(9)))).isEqualTo(ReplayGuard.Verdict.REPLAYED);
    assertThat(guard.admit("v0=bb", NOW.plus(Duration.ofMinutes(9)))).isEqualTo(ReplayGuard.Verdict.NEW);
    assertThat(guard.admit("v0=aa", NOW.plus(Duration.ofMinutes(10)))).isEqualTo(ReplayGuard.Verdict.NEW);
  }

  @Test
  void memoryIsBoundedAndFullMeansRefused() {
    ReplayGuard guard = new ReplayGuard();
    for (int i = 0; i < ReplayGuard.CAPACITY; i++) {
      guard.admit("v0=" + i, NOW);
    }

    assertThat(guard.admit("v0=new", NOW.plusSeconds(1))).isEqualTo(ReplayGuard.Verdict.FULL);
    assertThat(guard.admit("v0=new", NOW.plus(Duration.ofMinutes(10)))).isEqualTo(ReplayGuard.Verdict.NEW);
  }
}

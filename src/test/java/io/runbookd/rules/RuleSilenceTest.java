package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a rule's {@code silence} is read from a valid file. */
class RuleSilenceTest {

  @TempDir Path dir;

  @Test
  void aRuleAsksForNoSilenceUnlessItSays() throws IOException {
    assertThat(load("").silence()).isEmpty();
    assertThat(load("silence: false\n").silence()).isEmpty();
  }

  @Test
  void silenceTrueLastsUntilTheEndOfVerification() throws IOException {
    assertThat(load("silence: true\n").silence()).contains(Silence.untilVerified());
  }

  @Test
  void aDurationCapsTheSilence() throws IOException {
    assertThat(load("silence: 45m\n").silence())
        .contains(Silence.lasting(Duration.ofMinutes(45)));
    assertThat(load("silence: 45m\n").silence().flatMap(Silence::length))
        .isEqualTo(Optional.of(Duration.ofMinutes(45)));
  }

  private Rule load(String more) throws IOException {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "HighErrorRate") + more);
    LoadResult result = new RuleLoader(TestCatalog.INSTANCE).load(dir);
    assertThat(result.lines()).isEmpty();
    return result.ruleSet().orElseThrow().byId("RB-1").orElseThrow();
  }
}

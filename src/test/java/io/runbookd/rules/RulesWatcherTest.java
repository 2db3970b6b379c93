package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbookd.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesWatcherTest {

  @TempDir Path dir;

  @Test
  void reloadsWhenARuleFileIsAddedOrChanged() throws Exception {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry =
        new RuleRegistry(dir, new RuleLoader(TestCatalog.INSTANCE), Metrics.inMemory());
    registry.reload();

    try (RulesWatcher watcher = new RulesWatcher(registry, Duration.ofMillis(50))) {
      watcher.start(false);
      RuleFiles.write(dir, "b.yaml", RuleFiles.valid("RB-2", "B"));

      await().atMost(Duration.ofSeconds(10)).until(() -> registry.current().size() == 2);
      Files.delete(dir.resolve("b.yaml"));
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.current().size() == 1);
    }
  }

  @Test
  void aBrokenEditKeepsTheRulesAndIsTheLastReloadsOutcomeUntilFixed() throws Exception {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry =
        new RuleRegistry(dir, new RuleLoader(TestCatalog.INSTANCE), Metrics.inMemory());
    registry.reload();

    try (RulesWatcher watcher = new RulesWatcher(registry, Duration.ofMillis(50))) {
      watcher.start(false);
      RuleFiles.write(dir, "b.yaml", RuleFiles.valid("RB-2", "B") + "bogus: true\n");

      await().atMost(Duration.ofSeconds(10)).until(() -> !registry.lastReload().orElseThrow().ok());
      assertThat(registry.lastReload().orElseThrow().error().orElseThrow())
          .isEqualTo(dir.getFileName() + "/b.yaml:5: unknown key 'bogus'; allowed: id, title, description, runbook,"
              + " priority, match, schedule, manual, group_by, drill, mode, diagnose, remediate, verify, stages,"
              + " verify_rollback, report, escalate, silence");
      assertThat(registry.current().size()).isEqualTo(1);
      RuleFiles.write(dir, "b.yaml", RuleFiles.valid("RB-2", "B"));
      await().atMost(Duration.ofSeconds(10)).until(() -> registry.lastReload().orElseThrow().ok());
      assertThat(registry.current().size()).isEqualTo(2);
    }
  }

  @Test
  void stopEndsPollingAndCanBeCalledTwice() throws Exception {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry =
        new RuleRegistry(dir, new RuleLoader(TestCatalog.INSTANCE), Metrics.inMemory());
    registry.reload();
    RulesWatcher watcher = new RulesWatcher(registry, Duration.ofMillis(50));
    watcher.start(false);

    watcher.stop();
    watcher.stop();
    RuleFiles.write(dir, "b.yaml", RuleFiles.valid("RB-2", "B"));
    Thread.sleep(300);

    assertThat(registry.current().size()).isEqualTo(1);
  }
}

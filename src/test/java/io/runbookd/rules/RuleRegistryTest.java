package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.metrics.Metrics;
import io.runbookd.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleRegistryTest {

  private static final RuleLoader LOADER = new RuleLoader(TestCatalog.INSTANCE);

  @TempDir Path dir;

  private final Metrics meters = Metrics.inMemory();

  private double reloads(String result) {
    return meters.value("runbookd_rules_reload_total", "result", result);
  }

  @Test
  void isEmptyBeforeTheFirstLoad() {
    RuleRegistry registry = new RuleRegistry(dir, LOADER, meters);

    assertThat(registry.current().size()).isZero();
    assertThat(registry.loaded()).isFalse();
  }

  @Test
  void successfulReloadSwapsTheSetAndCountsSuccess() throws Exception {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry = new RuleRegistry(dir, LOADER, meters);

    LoadResult result = registry.reload();

    assertThat(result.ok()).isTrue();
    assertThat(registry.current().byId("RB-1")).isPresent();
    assertThat(registry.loaded()).isTrue();
    assertThat(reloads("success")).isEqualTo(1);
    assertThat(meters.value("runbookd_rules_loaded")).isEqualTo(1);
  }

  @Test
  void invalidReloadKeepsTheLastGoodSetAndCountsFailure() throws Exception {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry = new RuleRegistry(dir, LOADER, meters);
    registry.reload();
    RuleSet good = registry.current();
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A") + "bogus: true\n");
    RuleFiles.write(dir, "b.yaml", RuleFiles.valid("RB-2", "B"));

    LoadResult result = registry.reload();

    assertThat(result.ok()).isFalse();
    assertThat(result.lines())
        .containsExactly(
            dir.getFileName()
                + "/a.yaml:5: unknown key 'bogus'; allowed: id, title, description, runbook,"
                + " priority, match, schedule, manual, group_by, drill, mode, diagnose, remediate,"
                + " verify, stages, verify_rollback, report, escalate, silence");
    assertThat(registry.current()).isSameAs(good);
    assertThat(reloads("failure")).isEqualTo(1);
    assertThat(reloads("success")).isEqualTo(1);
    assertThat(meters.value("runbookd_rules_loaded")).isEqualTo(1);
  }

  @Test
  void metricsHaveTheirPrometheusNames() throws Exception {
    Metrics prometheus = Metrics.prometheus();
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry = new RuleRegistry(dir, LOADER, prometheus);

    registry.reload();

    assertThat(prometheus.scrape())
        .contains("runbookd_rules_reload_total{result=\"success\"} 1.0")
        .contains("runbookd_rules_reload_total{result=\"failure\"} 0.0")
        .contains("runbookd_rules_loaded 1.0");
  }

  @Test
  void keepsWhenTheLastReloadRanAndTheFirstProblemsOfAFailedOne() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-10-12T12:00:00Z"));
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A"));
    RuleRegistry registry = new RuleRegistry(dir, LOADER, meters, clock);
    registry.reload();
    Reload good = registry.lastReload().orElseThrow();
    for (int i = 0; i < 7; i++) {
      RuleFiles.write(dir, "bad" + i + ".yaml", RuleFiles.valid("RB-" + (10 + i), "B") + "bogus: true\n");
    }
    clock.advance(Duration.ofMinutes(5));

    registry.reload();

    Reload failed = registry.lastReload().orElseThrow();
    assertThat(good).isEqualTo(new Reload(Instant.parse("2025-10-12T12:00:00Z"), true, 1, 0, java.util.List.of()));
    assertThat(good.error()).isEmpty();
    assertThat(failed.at()).isEqualTo(Instant.parse("2025-10-12T12:05:00Z"));
    assertThat(failed.ok()).isFalse();
    assertThat(failed.problems()).isEqualTo(7);
    assertThat(failed.firstProblems()).hasSize(Reload.SHOWN)
        .allSatisfy(line -> assertThat(line).contains("/bad").contains(".yaml:5: unknown key 'bogus'"));
    assertThat(failed.error().orElseThrow()).startsWith(failed.firstProblems().get(0) + "\n")
        .endsWith("\n(and 2 more)");
    assertThat(registry.current().size()).as("the last good rules stay in force").isEqualTo(1);
  }

  @Test
  void isEmptyBeforeTheFirstReload() {
    assertThat(new RuleRegistry(dir, LOADER, meters).lastReload()).isEmpty();
  }
}

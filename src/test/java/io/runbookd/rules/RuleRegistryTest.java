package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.metrics.Metrics;
import java.nio.file.Path;
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
}

package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a rule's triggers, drill and grouping are read from a valid file. */
class RuleTriggersTest {

  private static final String HEAD = "id: RB-1\ntitle: One\n";

  @TempDir Path dir;

  @Test
  void aRuleMayRunOnlyByTheClock() throws IOException {
    Rule rule = load(HEAD + "schedule: {cron: \"0 2 * * SUN\", timezone: UTC, window: 2h}\n");

    assertThat(rule.match()).isEmpty();
    assertThat(rule.triggers().alertDriven()).isFalse();
    assertThat(rule.triggers().schedules())
        .containsExactly(Schedule.of("0 2 * * SUN", "UTC", Duration.ofHours(2)));
    assertThat(rule.triggers().schedules().get(0).describe())
        .isEqualTo("every Sunday at 02:00 UTC, for 2 hours");
    assertThat(rule.groupingLabels()).isEmpty();
    assertThat(rule.drill()).isEqualTo(Drill.defaults());
  }

  @Test
  void schedulesMayBeAList() throws IOException {
    Rule rule =
        load(
            HEAD
                + "schedule:\n"
                + "  - {cron: \"0 2 * * SUN\", timezone: UTC, window: 2h}\n"
                + "  - {cron: \"0 9 * * MON#1\", timezone: Europe/Paris, window: 4h}\n");

    assertThat(rule.triggers().schedules())
        .extracting(Schedule::describe)
        .containsExactly(
            "every Sunday at 02:00 UTC, for 2 hours",
            "the first Monday of each month at 09:00 Europe/Paris, for 4 hours");
  }

  @Test
  void aRuleMayHaveEveryTrigger() throws IOException {
    Rule rule =
        load(
            RuleFiles.valid("RB-1", "HighCPUUsage")
                + "schedule: {cron: \"0 2 * * SUN\", timezone: UTC, window: 2h}\n"
                + "manual: {}\n");

    assertThat(rule.triggers().alertDriven()).isTrue();
    assertThat(rule.triggers().scheduled()).isTrue();
    assertThat(rule.triggers().manual().orElseThrow().params()).isEmpty();
    assertThat(rule.groupingLabels()).containsExactly("alertname");
  }

  @Test
  void manualParametersAreTypedWithTheirBounds() throws IOException {
    Rule rule = load(HEAD + ManualParamsTest.MANUAL);

    ManualParams manual = rule.triggers().manual().orElseThrow();
    ManualParam replicas = manual.param("replicas").orElseThrow();
    assertThat(manual.params())
        .extracting(ManualParam::name)
        .containsExactly("replicas", "deployment", "ratio", "wait", "force", "mode");
    assertThat(replicas.type()).isEqualTo(ManualParam.Type.INT);
    assertThat(replicas.min()).contains(1L);
    assertThat(replicas.max()).contains(20L);
    assertThat(replicas.required()).isTrue();
    assertThat(replicas.description()).isEqualTo("how many pods");
    assertThat(manual.param("wait").orElseThrow().defaultValue()).contains(Duration.ofMinutes(5));
    assertThat(manual.defaults())
        .isEqualTo(
            Map.of(
                "deployment",
                "nba-mcp",
                "ratio",
                1.0,
                "wait",
                Duration.ofMinutes(5),
                "force",
                false,
                "mode",
                "horizontal"));
    assertThat(rule.drill().params()).isEqualTo(Map.of("replicas", "3"));
  }

  @Test
  void stepsReadManualParametersAsParams() throws Exception {
    Rule rule =
        load(
            HEAD
                + "manual:\n"
                + "  params:\n"
                + "    deployment: {type: string, default: nba-mcp}\n"
                + "    wait: {type: duration, default: 2h}\n"
                + "remediate:\n"
                + "  - id: restart\n"
                + "    action: k8s.rollout_restart\n"
                + "    when: params.wait == '2h'\n"
                + "    params: {namespace: nba-mcp, deployment: {expr: params.deployment}}\n");
    ActionStep restart = rule.steps().action("restart").orElseThrow();
    Expression deployment = ((ParamValue.Expr) restart.params().get("deployment")).expression();
    Map<String, Object> bound =
        rule.triggers().manual().orElseThrow().bind(Map.of("deployment", "api")).values();

    StepContext byHand = context(bound);
    StepContext byAlert = context(Map.of());

    assertThat(deployment.evaluate(byHand)).isEqualTo("api");
    assertThat(restart.when().orElseThrow().test(byHand)).isTrue();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> deployment.evaluate(byAlert))
        .hasMessage(
            "cannot evaluate 'params.deployment': params.deployment is not set (only runs started"
                + " by hand have parameters)");
  }

  @Test
  void drillsAreDueEveryQuarterUnlessTheRuleSays() throws IOException {
    Rule rule =
        load(
            RuleFiles.valid("RB-1", "HighErrorRate")
                + "drill: {every: 30d, example: examples/high-error-rate.json}\n");

    assertThat(rule.drill().every()).isEqualTo(Duration.ofDays(30));
    assertThat(rule.drill().example()).contains("examples/high-error-rate.json");
  }

  @Test
  void groupingIsExplicitOrTheLabelsTheStepsRead() throws IOException {
    String steps =
        "diagnose:\n"
            + "  - id: pods\n"
            + "    probe: k8s.pod_status\n"
            + "    params:\n"
            + "      namespace: {expr: alert.labels.namespace}\n"
            + "      selector: app=nba-mcp\n"
            + "remediate:\n"
            + "  - id: restart\n"
            + "    action: k8s.rollout_restart\n"
            + "    when: alert.labels['tier'] == 'web' && has(alert.labels.team)\n"
            + "    params:\n"
            + "      namespace: nba-mcp\n"
            + "      deployment: {expr: 'alert.labels[\"deployment\"]'}\n";

    Rule byDefault = load(RuleFiles.valid("RB-1", "HighErrorRate") + steps);
    Rule explicit =
        load(RuleFiles.valid("RB-1", "HighErrorRate") + "group_by: [service, alertname]\n" + steps);

    assertThat(byDefault.groupBy()).isEmpty();
    assertThat(byDefault.groupingLabels())
        .containsExactly("alertname", "deployment", "namespace", "tier");
    assertThat(explicit.groupingLabels()).containsExactly("service", "alertname");
  }

  private static StepContext context(Map<String, Object> params) {
    return new StepContext(
        TestAlerts.firing(Map.of("alertname", "Manual"), Map.of()),
        Map.of(),
        Map.of(),
        Optional.empty(),
        params);
  }

  private Rule load(String text) throws IOException {
    RuleFiles.write(dir, "a.yaml", text);
    LoadResult result = new RuleLoader(TestCatalog.INSTANCE).load(dir);
    assertThat(result.lines()).isEmpty();
    return result.ruleSet().orElseThrow().byId("RB-1").orElseThrow();
  }

  static List<String> problems(Path dir, String text) throws IOException {
    RuleFiles.write(dir, "a.yaml", text);
    return new RuleLoader(TestCatalog.INSTANCE).load(dir).lines();
  }
}

package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Mode;
import io.runbookd.incident.Priority;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the steps of a valid rule file are read: defaults, literals and expressions, needs. */
class RuleStepsTest {

  private static final String DIAGNOSE =
      "diagnose:\n"
          + "  - id: pods\n"
          + "    probe: k8s.pod_status\n"
          + "    params: {namespace: nba-mcp, selector: app=nba-mcp}\n"
          + "  - id: rollouts\n"
          + "    probe: k8s.rollout_history\n"
          + "    timeout: 30s\n"
          + "    params:\n"
          + "      namespace: nba-mcp\n"
          + "      deployment: {expr: \"alert.labels.deployment\"}\n"
          + "      limit: 5\n";

  @TempDir Path dir;

  @Test
  void sectionsTakeTheirDefaults() throws IOException {
    Steps steps = load(DIAGNOSE);

    assertThat(steps.mode()).isEmpty();
    assertThat(steps.probe("pods").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(steps.probe("rollouts").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(steps.remediate()).isEmpty();
    assertThat(steps.verify()).isEmpty();
    assertThat(steps.escalate()).isEqualTo(Escalation.defaults());
  }

  @Test
  void parametersAreLiteralsOrExpressions() throws IOException {
    ProbeStep rollouts = load(DIAGNOSE).probe("rollouts").orElseThrow();

    assertThat(rollouts.params().get("namespace")).isEqualTo(new ParamValue.Literal("nba-mcp"));
    assertThat(rollouts.params().get("limit")).isEqualTo(new ParamValue.Literal(5L));
    assertThat(rollouts.params().get("deployment"))
        .isInstanceOfSatisfying(
            ParamValue.Expr.class,
            e -> assertThat(e.expression().source()).isEqualTo("alert.labels.deployment"));
    assertThat(rollouts.line()).isEqualTo(9);
  }

  @Test
  void needsDefaultToTheProbesTheStepReads() throws IOException {
    Steps steps =
        load(
            DIAGNOSE
                + "remediate:\n"
                + "  - id: restart\n"
                + "    action: k8s.rollout_restart\n"
                + "    when: probes.pods.ready_ratio < 0.5\n"
                + "    params:\n"
                + "      namespace: nba-mcp\n"
                + "      deployment: {expr: \"probes.rollouts.revisions[0].name\"}\n"
                + "  - id: pool\n"
                + "    action: k8s.set_env\n"
                + "    needs: []\n"
                + "    approval: required\n"
                + "    when: has(probes.pods) && probes.pods.oom_killed == 0\n"
                + "    params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE:"
                + " 50}}\n");

    ActionStep restart = steps.action("restart").orElseThrow();
    ActionStep pool = steps.action("pool").orElseThrow();
    assertThat(restart.needs()).containsExactlyInAnyOrder("pods", "rollouts");
    assertThat(restart.approval()).isFalse();
    assertThat(restart.when().map(Expression::source)).contains("probes.pods.ready_ratio < 0.5");
    assertThat(pool.needs()).isEmpty();
    assertThat(pool.approval()).isTrue();
    assertThat(pool.params().get("env"))
        .isEqualTo(new ParamValue.Literal(Map.of("DB_POOL_SIZE", 50L)));
  }

  @Test
  void verifyLooksEveryMinuteOrOnceWhenTheWindowIsShorter() throws IOException {
    String verify =
        "verify:\n"
            + "  probe: k8s.pod_status\n"
            + "  params: {namespace: nba-mcp, selector: app=nba-mcp}\n"
            + "  condition: result.ready_ratio >= 1.0\n";

    VerifyStep fifteenMinutes = load(verify + "  within: 15m\n").verify().orElseThrow();
    VerifyStep thirtySeconds = load(verify + "  within: 30s\n").verify().orElseThrow();

    assertThat(fifteenMinutes.within()).isEqualTo(Duration.ofMinutes(15));
    assertThat(fifteenMinutes.every()).isEqualTo(Duration.ofMinutes(1));
    assertThat(fifteenMinutes.condition().source()).isEqualTo("result.ready_ratio >= 1.0");
    assertThat(thirtySeconds.every()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void modeAndEscalationAreRead() throws IOException {
    Steps steps =
        load(
            "mode: observe\n"
                + "escalate:\n"
                + "  priority: P0\n"
                + "  on: [verify_failed, outcome_unknown]\n");

    assertThat(steps.mode()).contains(Mode.OBSERVE);
    assertThat(steps.escalate())
        .isEqualTo(
            new Escalation(
                Optional.of(Priority.P0),
                List.of(),
                Set.of(Escalation.Trigger.VERIFY_FAILED, Escalation.Trigger.OUTCOME_UNKNOWN)));
  }

  @Test
  void expressionsReadingProbesNeedADiagnoseStep() throws IOException {
    RuleFiles.write(
        dir,
        "a.yaml",
        RuleFiles.valid("RB-1", "A")
            + "remediate:\n"
            + "  - id: page\n"
            + "    action: k8s.set_env\n"
            + "    params: {namespace: nba-mcp, deployment: {expr: \"vars.d + probes.x\"},"
            + " env: {A: b}}\n");

    LoadResult result = new RuleLoader(TestCatalog.INSTANCE).load(dir);

    assertThat(result.lines())
        .containsExactly(
            dir.getFileName()
                + "/a.yaml:8: remediate[0] (page) params: deployment: reads probes.x, but the rule has"
                + " no diagnose step");
  }

  private Steps load(String steps) throws IOException {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A") + steps);
    LoadResult result = new RuleLoader(TestCatalog.INSTANCE).load(dir);
    assertThat(result.lines()).isEmpty();
    return result.ruleSet().orElseThrow().byId("RB-1").orElseThrow().steps();
  }
}

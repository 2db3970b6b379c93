package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.cli.ValidateCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return run(new ValidateCommand(() -> TestCatalog.INSTANCE), args);
  }

  private int run(ValidateCommand command, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shippedRulesAreValidByDefault() {
    int exit = run(new ValidateCommand(ShippedCatalog::get));

    assertThat(exit).isZero();
    assertThat(out.toString()).isEqualTo("7 rule files valid" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aRuleThatCannotFinishUnderTheGuardsIsWarnedAbout(@TempDir Path dir) throws Exception {
    StringBuilder steps = new StringBuilder("remediate:\n");
    for (int i = 0; i < 4; i++) {
      steps.append("  - id: evict").append(i).append("\n    action: k8s.evict_pod\n")
          .append("    params: {namespace: nba-mcp, pod: nba-mcp-").append(i).append("}\n");
    }
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A") + steps);
    io.runbookd.config.RunbookdConfig.Guards guards = new io.runbookd.config.ConfigLoader(
        java.util.Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")).bind(new java.util.HashMap<>()).guards();

    int exit = run(new ValidateCommand(ShippedCatalog::get, java.util.List::of,
        () -> java.util.Optional.of(guards)), "--rules", dir.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("a.yaml: warning: 4 steps use k8s.evict_pod (one kind of target),"
        + " but guards.maxTargetsPerIncident allows 3 targets of a kind per incident: the rule cannot finish");
  }

  @Test
  void stageActionsCountTowardsTheGuardsToo(@TempDir Path dir) throws Exception {
    StringBuilder stages = new StringBuilder("stages:\n");
    for (int s = 0; s < 2; s++) {
      stages.append("  - id: stage").append(s).append("\n    actions:\n");
      for (int i = 0; i < 2; i++) {
        stages.append("      - id: evict").append(s).append(i).append("\n        action: k8s.evict_pod\n")
            .append("        params: {namespace: nba-mcp, pod: nba-mcp-").append(s).append(i).append("}\n");
      }
    }
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A") + stages);
    io.runbookd.config.RunbookdConfig.Guards guards = new io.runbookd.config.ConfigLoader(
        java.util.Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")).bind(new java.util.HashMap<>()).guards();

    int exit = run(new ValidateCommand(ShippedCatalog::get, java.util.List::of,
        () -> java.util.Optional.of(guards)), "--rules", dir.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("a.yaml: warning: 4 steps use k8s.evict_pod (one kind of target)");
  }

  @Test
  void invalidRulesExitOneWithFileLineMessages(@TempDir Path dir) throws Exception {
    RuleFiles.write(dir, "a.yaml", RuleFiles.valid("RB-1", "A") + "priority: urgent\n");
    RuleFiles.write(dir, "b.yaml", "id: RB-1\ntitle: [\n");

    int exit = run("--rules", dir.toString());

    String shown = dir.getFileName().toString();
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .containsExactly(
            shown + "/a.yaml:5: priority: must be one of P0, P1, P2, P3",
            shown
                + "/b.yaml:3: YAML syntax error: expected the node content,"
                + " but found '<stream end>' (while parsing a flow node)");
  }

  @Test
  void unknownPluginsAndBadParametersAreProblems(@TempDir Path dir) throws Exception {
    RuleFiles.write(
        dir,
        "a.yaml",
        RuleFiles.valid("RB-1", "A")
            + "remediate:\n"
            + "  - id: restart\n"
            + "    action: k8s.delete_everything\n"
            + "  - id: pool\n"
            + "    action: k8s.set_env\n"
            + "    params: {namespace: ../etc, deployment: nba-mcp, env: {A: b}}\n");

    int exit = run("--rules", dir.toString());

    String shown = dir.getFileName().toString();
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly(
            shown
                + "/a.yaml:7: remediate[0] (restart) action: unknown action"
                + " 'k8s.delete_everything'; known: k8s.rollout_restart, k8s.set_env",
            shown
                + "/a.yaml:10: remediate[1] (pool) params: namespace: '../etc' is not a DNS-1123"
                + " label (a-z, 0-9, '-', at most 63)");
  }

  @Test
  void aUrlRefusedForItsUserInformationIsQuotedWithoutIt(@TempDir Path dir) throws Exception {
    RuleFiles.write(
        dir,
        "a.yaml",
        RuleFiles.valid("RB-1", "A")
            + "diagnose:\n"
            + "  - id: health\n"
            + "    probe: http.get\n"
            + "    params: {url: 'http://admin:hunter2@api.nba-mcp.com/health?token=t0k3n'}\n");

    int exit = run(new ValidateCommand(ShippedCatalog::get), "--rules", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .doesNotContain("hunter2")
        .doesNotContain("admin")
        .doesNotContain("t0k3n")
        .contains(
            "a.yaml:8: diagnose[0] (health) params: url: 'http://…@api.nba-mcp.com/health?…'"
                + " must not carry user information");
  }

  @Test
  void aProbeNamespaceOutsideTheReadListIsAProblem(@TempDir Path dir) throws Exception {
    RuleFiles.write(
        dir,
        "a.yaml",
        RuleFiles.valid("RB-1", "A")
            + "diagnose:\n"
            + "  - id: dns\n"
            + "    probe: k8s.rollout_history\n"
            + "    params: {namespace: kube-system, deployment: coredns}\n");

    int exit = run(new ValidateCommand(ShippedCatalog::get), "--rules", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .endsWith(
            "a.yaml:8: diagnose[0] (dns) params: namespace: 'kube-system' is not in"
                + " kubernetes.readNamespaces (nba-mcp)");
  }

  @Test
  void missingDirectoryIsAProblem(@TempDir Path dir) {
    int exit = run("--rules", dir.resolve("nope").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("nope: no such directory");
  }

  @Test
  void directoryWithoutRuleFilesIsAProblem(@TempDir Path dir) {
    int exit = run("--rules", dir.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(dir.getFileName() + ": no rule files (*.yaml, *.yml)");
  }
}

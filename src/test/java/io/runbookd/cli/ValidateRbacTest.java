package io.runbookd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.ConfigLoader;
import io.runbookd.server.OfflinePlugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate --rbac FILE} warns about every verb a step needs that the file lacks. */
class ValidateRbacTest {
  private static OfflinePlugins offline;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void plugins() {
    offline =
        new OfflinePlugins(
            new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")).load(Path.of("config/runbookd.yaml")));
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  private int validate(String... args) {
    CommandLine cli =
        new CommandLine(new ValidateCommand(offline::plugins, () -> List.of("nba-mcp"), java.util.Optional::empty));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void theShippedManifestGrantsEverythingTheShippedRulesNeed() {
    int exit = validate("--rules", "rules", "--rbac", RbacCommandTest.SHIPPED.toString());

    assertThat(err.toString()).isEmpty();
    assertThat(exit).isZero();
  }

  @Test
  void aMissingVerbIsAWarningNamingTheStepAndTheExitCodeStaysZero(@TempDir Path dir) throws IOException {
    Path lacking = dir.resolve("rbac.yaml");
    String shipped = Files.readString(RbacCommandTest.SHIPPED);
    Files.writeString(
        lacking,
        shipped.replace("    resources: [pods/eviction]\n    verbs: [create]\n", "    resources: [pods/eviction]\n    verbs: [get]\n")
            .replace("    resources: [deployments]\n    verbs: [get, patch]\n", "    resources: [deployments]\n    verbs: [get]\n"));

    int exit = validate("--rules", "rules", "--rbac", lacking.toString());

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("7 rule files valid");
    List<String> warnings = err.toString().lines().toList();
    assertThat(warnings)
        .allMatch(w -> w.contains(": warning: step ") && w.endsWith(lacking + " does not grant it"))
        .anyMatch(w -> w.startsWith("rules/RB-101.yaml:")
            && w.contains("step evict_leaking uses k8s.evict_pod, which needs create on core/pods/eviction in namespace nba-mcp"))
        .anyMatch(w -> w.startsWith("rules/RB-102.yaml:")
            && w.contains("step read_replica uses k8s.set_env, which needs patch on apps/deployments in namespace nba-mcp"));
    assertThat(warnings).noneMatch(w -> w.contains("needs get on apps/deployments"));
  }

  @Test
  void anUnreadableFileIsAWarningToo(@TempDir Path dir) {
    int exit = validate("--rules", "rules", "--rbac", dir.resolve("missing.yaml").toString());

    assertThat(exit).isZero();
    assertThat(err.toString()).contains("missing.yaml: warning: cannot read the RBAC file (no such file)");
  }
}

package io.runbookd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.server.OfflinePlugins;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code simulate} on every example payload prints the expected plan (golden files in
 * src/test/resources/simulate; run with {@code -Drunbookd.updateGoldens=true} to rewrite them
 * after an intended change, then review the diff).
 */
class SimulateGoldenTest {
  private static OfflinePlugins offline;

  @BeforeAll
  static void plugins() {
    offline = new OfflinePlugins(OfflineConfig.load());
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void printsTheExpectedPlan(Path example) throws IOException {
    String name = example.getFileName().toString().replace(".json", ".txt");
    Path golden = Path.of("src/test/resources/simulate", name);

    Result result = run("--alert", example.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    if (Boolean.getBoolean("runbookd.updateGoldens")) {
      Files.writeString(golden, result.out());
    }
    assertThat(golden).as("golden file for " + example).exists();
    assertThat(result.out()).isEqualTo(Files.readString(golden));
  }

  @Test
  void aRunOfRb001PrintsEveryStageAndGateWithTheParamsGiven() throws IOException {
    runMatchesGolden("RB-001", "--param", "model=nba_win_predictor", "--param", "version=4");
  }

  @Test
  void aScheduledRunOfRb202PrintsItsForecastsAndTheApprovedHpaChange() throws IOException {
    runMatchesGolden("RB-202");
  }

  private void runMatchesGolden(String runbook, String... params) throws IOException {
    Path golden = Path.of("src/test/resources/simulate/runbook-" + runbook + ".txt");
    List<String> args = new ArrayList<>(List.of("--runbook", runbook));
    args.addAll(List.of(params));

    Result result = run(args.toArray(String[]::new));

    assertThat(result.exit()).as(result.err()).isZero();
    if (Boolean.getBoolean("runbookd.updateGoldens")) {
      Files.writeString(golden, result.out());
    }
    assertThat(result.out()).isEqualTo(Files.readString(golden));
  }

  @Test
  void jsonOutputCarriesTheSamePlan() throws IOException {
    Result result = run("--alert", "examples/high-error-rate.json", "--json");

    JsonNode plans = new ObjectMapper().readTree(result.out());
    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).get("rule").asText()).isEqualTo("RB-101");
    assertThat(plans.get(0).get("actions").findValuesAsText("id")).contains("raise_pool", "evict_leaking", "cache_fallback");
    assertThat(plans.get(0).get("mode").asText()).isEqualTo("dry-run");
  }

  @Test
  void enforceModeShowsWhatTheGuardsWouldAllow() {
    Result result = run("--alert", "examples/high-error-rate.json", "--mode", "enforce");

    assertThat(result.out()).contains("decision: allow (mode: mode enforce; namespace: namespace nba-mcp is allowed)");
  }

  @Test
  void namespaceOutsideTheAllowListIsShownBlocked() {
    Result result =
        run("--alert", "examples/high-error-rate.json", "--mode", "enforce", "--namespaces", "other");

    assertThat(result.out()).contains("decision: block (mode: mode enforce; namespace: namespace nba-mcp is not in"
            + " kubernetes.namespaces [other])");
  }

  @Test
  void malformedPayloadIsRefusedNamingTheField(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"version\":\"3\",\"alerts\":[]}");

    Result result = run("--alert", bad.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("version: unsupported version '3'");
  }

  record Result(int exit, String out, String err) {}

  /** A fixed "now", so that a schedule's next slot in a golden does not move with the calendar. */
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-03-04T12:00:00Z"), ZoneOffset.UTC);

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SimulateCommand(() -> offline, NOW));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(List.of(args).toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }
}

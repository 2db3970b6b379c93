package io.runbookd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.testing.RunbookRules;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code runbookd run} and {@code runbookd drill} against a daemon on loopback: output and exit codes. */
class RunAndDrillCommandTest {
  private static final String API = "admin-token-0123456789abcdef";

  @TempDir Path dir;
  private WireMockServer prometheus;

  @BeforeEach
  void start() {
    prometheus = RunbookRules.prometheus();
  }

  @AfterEach
  void stop() {
    prometheus.stop();
  }

  private TestDaemon daemon() throws Exception {
    Path rules = RunbookRules.write(dir, RunbookRules.MANUAL, RunbookRules.ALERT, RunbookRules.BROKEN);
    return TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("rules.dir", rules,
        "prometheus.url", prometheus.baseUrl(), "api.token", API));
  }

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (Main.Commands commands = new Main.Commands()) {
      CommandLine cli = new CommandLine(new Main(), commands);
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      int exit = cli.execute(args);
      assertThat(out + err.toString()).doesNotContain(API);
      return new Result(exit, out.toString(), err.toString());
    }
  }

  private static String server(TestDaemon d) {
    return d.uri("").toString();
  }

  @Test
  void runPrintsTheIncidentOfTheRunItStarted() throws Exception {
    try (TestDaemon d = daemon()) {
      Path token = Files.writeString(dir.resolve("token"), API + "\n");

      Result started = run("run", "RB-900", "--param", "replicas=4", "--param", "note=scale up",
          "--server", server(d), "--token-file", token.toString());

      assertThat(started.exit()).isZero();
      assertThat(started.out()).matches("inc-[0-9a-f]{24}\\R");
      JsonNode incident = new ObjectMapper().readTree(d.get("/api/v1/incidents/" + started.out().trim()).body());
      assertThat(incident.path("triggerData").path("params").toString())
          .isEqualTo("{\"replicas\":4,\"wait\":\"5m\",\"note\":\"scale up\"}");
      assertThat(incident.path("triggerData").path("by").asText()).isEqualTo(Who.user());
    }
  }

  @Test
  void runSaysWhatTheDaemonRefusedAndExitsOne() throws Exception {
    try (TestDaemon d = daemon()) {
      Result bad = run("run", "RB-900", "--param", "replicas=500", "--param", "wait=2h", "--server", server(d),
          "--token", API);
      Result noToken = run("run", "RB-900", "--param", "replicas=2", "--server", server(d));
      Result unknown = run("run", "RB-999", "--server", server(d), "--token", API);
      Result away = run("run", "RB-900", "--server", "http://127.0.0.1:1", "--token", API);

      assertThat(bad.exit()).isEqualTo(1);
      assertThat(bad.out()).isEmpty();
      assertThat(bad.err()).isEqualTo(String.format("runbookd: replicas: 500 is above the maximum 20 (field"
          + " params.replicas)%n  replicas: 500 is above the maximum 20%n  wait: 2h is above the maximum 1h%n"));
      assertThat(noToken.exit()).isEqualTo(1);
      assertThat(noToken.err()).contains("missing or invalid bearer token");
      assertThat(unknown.exit()).isEqualTo(1);
      assertThat(unknown.err()).contains("no such runbook RB-999 (field id)");
      assertThat(away.exit()).isEqualTo(2);
      assertThat(away.err()).startsWith("runbookd: cannot reach http://127.0.0.1:1");
    }
  }

  @Test
  void drillPassesOnlyWhenEveryDrillPassedAndListPrintsTheTestingTable() throws Exception {
    try (TestDaemon d = daemon()) {
      Result passing = run("drill", "RB-910", "--server", server(d), "--token", API);
      Result failing = run("drill", "--all", "--server", server(d), "--token", API);
      Result table = run("drill", "--list", "--server", server(d), "--token", API);
      Result neither = run("drill", "--server", server(d));

      assertThat(passing.exit()).isZero();
      assertThat(passing.out()).matches("RB-910  PASS  inc-[0-9a-f]{24}  every probe answered \\(1\\); fixes planned:"
          + " pool\\R");
      assertThat(failing.exit()).isEqualTo(1);
      assertThat(failing.out().lines()).hasSize(3);
      assertThat(failing.out()).containsPattern("RB-900  PASS  inc-\\S+  every probe answered")
          .containsPattern("RB-910  PASS  ").containsPattern("RB-920  FAIL  inc-\\S+  1 probes failed: health \\(");
      String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
      assertThat(table.exit()).isZero();
      assertThat(table.out().lines()).containsExactly(
          "| Runbook | Last Tested | Next Test  | Status |",
          "|---------|-------------|------------|--------|",
          "| RB-900  | " + today + "  | " + java.time.LocalDate.parse(today).plusDays(30) + " | PASS   |",
          "| RB-910  | " + today + "  | " + java.time.LocalDate.parse(today).plusDays(90) + " | PASS   |",
          "| RB-920  | " + today + "  | " + java.time.LocalDate.parse(today).plusDays(90) + " | FAIL   |");
      assertThat(neither.exit()).isEqualTo(2);
      assertThat(neither.err()).contains("give a RUNBOOK or --all");
    }
  }

  @Test
  void drillsOfTheShippedAlertRunbooksFailWhereTheirSystemsAreUnreachable() throws Exception {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("api.token", API))) {
      Result listed = run("drill", "--list", "--server", server(d), "--token", API);
      Result drilled = run("drill", "RB-102", "--server", server(d), "--token", API);

      assertThat(listed.out().replaceAll(" +", " ")).contains("| RB-101 | never | now | DUE |");
      assertThat(drilled.exit()).isEqualTo(1);
      assertThat(drilled.out()).containsPattern("RB-102  FAIL  inc-\\S+  \\d+ probes failed: ");
    }
  }
}

package io.runbookd.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.probes.sql.LockScenario;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A drill of every shipped runbook, on the real daemon with the shipped rules and examples, against
 * systems that answer every probe ({@link ShippedSystems}): each passes in dry-run, reaching the
 * fixes its example or parameters are meant to exercise, and sends no write to any system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedDrillsTest {
  private static final String API = "admin-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private ShippedSystems systems;
  private TestDaemon daemon;
  private final Map<String, String> propertiesBefore = new HashMap<>();

  /** Each shipped runbook with the fixes its drill plans, in the runbook's order. */
  static Stream<Arguments> shippedRunbooks() {
    return Stream.of(
        Arguments.of("RB-001", 1, "register_shadow, promote_alias, promote_service"),
        Arguments.of("RB-002", 3, "scale"),
        Arguments.of("RB-101", 8, "cache_fallback"),
        Arguments.of("RB-102", 5, "terminate_blocker, index_games_season, read_replica, resize"),
        Arguments.of("RB-103", 3, "retrain"),
        Arguments.of("RB-201", 4, "vacuum, reindex, clean_pods, ci, clean_logs, rotate_secret"),
        Arguments.of("RB-202", 9, "scaling_policy"));
  }

  @BeforeAll
  void start() throws Exception {
    // The daemon's AWS clients take the SDK's default chain, whose first link is these properties.
    propertiesBefore.put("aws.accessKeyId", System.setProperty("aws.accessKeyId", "AKIDTEST"));
    propertiesBefore.put("aws.secretAccessKey", System.setProperty("aws.secretAccessKey", "test-secret"));
    systems = new ShippedSystems();
    Map<String, Object> config = systems.config();
    config.put("api.token", API);
    daemon = TestDaemon.start(StoreKind.SQLITE.config(dir), config, systems.cluster);
  }

  @AfterAll
  void stop() throws Exception {
    daemon.close();
    systems.close();
    propertiesBefore.forEach((key, before) -> {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    });
  }

  @Test
  void everyShippedRunbookIsDrilledHere() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("rules"))) {
      List<String> shipped = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length())).sorted().toList();

      assertThat(shippedRunbooks().map(a -> (String) a.get()[0]).toList()).isEqualTo(shipped);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shippedRunbooks")
  void aDrillPassesInDryRunAndWritesNothing(String id, int probes, String fixes) throws Exception {
    switch (id) {
      case "RB-102" -> whileOneSessionBlocksAnother(() -> drillWritesNothing(id, probes, fixes));
      case "RB-202" -> systems.withAutoscaler(() -> drillWritesNothing(id, probes, fixes));
      default -> drillWritesNothing(id, probes, fixes);
    }
  }

  private void drillWritesNothing(String id, int probes, String fixes) throws Exception {
    systems.cluster.clearRequests();
    String database = Writes.database(systems.db.url);

    JsonNode drill = drilled(id);

    assertThat(drill.path("result").asText()).as(drill.toString()).isEqualTo("PASS");
    assertThat(drill.path("reason").asText())
        .isEqualTo("every probe answered (" + probes + "); fixes planned: " + fixes);
    assertThat(systems.cluster.mutatingRequests()).isEmpty();
    assertThat(writes()).isEmpty();
    assertThat(Writes.database(systems.db.url)).isEqualTo(database);
    JsonNode incident = json(daemon.get("/api/v1/incidents/" + drill.path("incident").asText()));
    assertThat(incident.path("trigger").asText()).isEqualTo("drill");
    assertThat(incident.toString()).contains("not paged: a drill pages nobody")
        .doesNotContain("\"kind\":\"paging\"").doesNotContain("action_started");
  }

  /** What every HTTP system received that was not a read, the pager's pages included. */
  private List<String> writes() {
    return Stream.of(Writes.to(systems.wire.server()), Writes.to(systems.mlflow.server()),
        Writes.to(systems.deployment.service())).flatMap(List::stream).toList();
  }

  /** RB-102's first fix: a session holds a row lock another waits for; it must outlive the drill. */
  private void whileOneSessionBlocksAnother(ShippedSystems.ThrowingRunnable drill) throws Exception {
    try (LockScenario lock = LockScenario.start(systems.db.url)) {
      String started = "SELECT extract(epoch FROM backend_start)::bigint FROM pg_stat_activity WHERE pid = "
          + lock.holderPid;
      long backendStart = TestDatasources.count(systems.db.url, started);

      drill.run();

      assertThat(TestDatasources.count(systems.db.url, started)).isEqualTo(backendStart);
      assertThat(lock.holder.isValid(5)).isTrue();
    }
  }

  /** Starts a drill over the API and waits (at most 90 s) for its result. */
  private JsonNode drilled(String id) throws Exception {
    HttpResponse<String> started = daemon.send(HttpRequest.newBuilder(daemon.uri("/api/v1/runbooks/" + id + "/drills"))
        .header("Authorization", "Bearer " + API).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"by\": \"drills@nba-mcp.com\"}")).build());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String incident = json(started).path("incident").asText();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonNode drill = runbook(id).path("drill");
      return drill.path("incident").asText().equals(incident) && !drill.path("result").asText().equals("RUNNING");
    });
    return runbook(id).path("drill");
  }

  private JsonNode runbook(String id) throws Exception {
    for (JsonNode runbook : json(daemon.get("/api/v1/runbooks"))) {
      if (runbook.path("id").asText().equals(id)) {
        return runbook;
      }
    }
    throw new AssertionError("no runbook " + id);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }
}

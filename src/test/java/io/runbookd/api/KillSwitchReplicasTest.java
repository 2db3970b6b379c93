package io.runbookd.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two daemons on one PostgreSQL: the kill switch pulled on one holds on the other, and is shown there. */
class KillSwitchReplicasTest {
  private static final String API = "admin-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static HttpResponse<String> post(TestDaemon d, String path, String body) {
    return d.send(HttpRequest.newBuilder(d.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + API).build());
  }

  private static JsonNode status(TestDaemon d) throws Exception {
    return JSON.readTree(d.get("/api/v1/status").body());
  }

  private static void within1s(TestDaemon d, boolean paused) {
    Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
        .until(() -> status(d).path("paused").asBoolean() == paused);
  }

  @Test
  void aPauseOnOneReplicaAndAResumeOnTheOtherAreWhatBothSayTheyEnforce() throws Exception {
    RunbookdConfig.Store db = StoreKind.POSTGRES.config(dir);
    try (TestDaemon a = TestDaemon.start(db, Map.of("api.token", API));
        TestDaemon b = TestDaemon.start(db, Map.of("api.token", API))) {
      assertThat(status(b).path("paused").asBoolean()).isFalse();

      assertThat(post(a, "/api/v1/pause", "{\"by\":\"alice\",\"reason\":\"bad deploy\"}").statusCode())
          .isEqualTo(200);
      within1s(b, true);
      JsonNode onB = status(b);
      assertThat(post(b, "/api/v1/resume", "{\"by\":\"bob\"}").statusCode()).isEqualTo(200);
      within1s(a, false);

      assertThat(onB.path("pausedBy").asText()).isEqualTo("alice");
      assertThat(onB.path("pausedReason").asText()).isEqualTo("bad deploy");
      assertThat(status(a).path("pausedBy").asText()).isEqualTo("bob");
      assertThat(status(a).path("replica").asText()).as("two daemons on one host, two lease owners")
          .isNotEqualTo(status(b).path("replica").asText());
    }
  }
}

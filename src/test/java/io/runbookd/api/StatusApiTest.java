package io.runbookd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/status} of the real daemon: the rules in force and how the last reload went. */
class StatusApiTest {
  static final String GOOD = "id: RB-950\ntitle: Watched\nmatch:\n  alertname: Watched\n";
  static final String BROKEN = "id: RB-951\ntitle: Broken\nmatch:\n  alertname: Broken\nbogus: true\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A daemon that watches a rules directory holding one good rule. */
  static TestDaemon watching(Path dir) throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("good.yaml"), GOOD);
    return TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("rules.dir", rules, "rules.watch", true,
        "api.token", "status-admin-token-0123456789"));
  }

  private static JsonNode rules(TestDaemon d) throws Exception {
    return JSON.readTree(d.get("/api/v1/status").body()).path("rules");
  }

  @Test
  void showsTheRulesInForceAndTheProblemsOfAReloadThatKeptThem() throws Exception {
    try (TestDaemon d = watching(dir)) {
      JsonNode started = rules(d);
      Instant before = Instant.now();

      Files.writeString(dir.resolve("rules/broken.yaml"), BROKEN);
      await().atMost(Duration.ofSeconds(20)).until(() -> !rules(d).path("lastReload").path("ok").asBoolean());
      JsonNode failed = rules(d);

      assertThat(started.path("loaded").asInt()).isEqualTo(1);
      assertThat(started.path("lastReload").path("ok").asBoolean()).isTrue();
      assertThat(started.path("lastReload").path("error").isNull()).isTrue();
      assertThat(failed.path("loaded").asInt()).as("the last good rules stay in force").isEqualTo(1);
      assertThat(failed.path("lastReload").path("problems").asInt()).isEqualTo(1);
      assertThat(Instant.parse(failed.path("lastReload").path("at").asText())).isAfterOrEqualTo(before);
      assertThat(failed.path("lastReload").path("error").asText())
          .startsWith("rules/broken.yaml:5: unknown key 'bogus'; allowed: id, title");
    }
  }
}

package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's status page as HTML: the rules in force and a failed reload's problems. */
class StatusPageTest {
  static final String ADMIN = "status-page-admin-token-0123456789";

  @TempDir Path dir;

  @Test
  void showsAFailedReloadWithItsProblemsEscapedAndTheRulesKept() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("good.yaml"), "id: RB-950\ntitle: Watched\nmatch:\n  alertname: Watched\n");
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("rules.dir", rules,
        "rules.watch", true, "api.token", ADMIN))) {
      WebSession alice = new WebSession(d).signIn("alice", ADMIN);
      String before = alice.get("/console/status").body();

      Files.writeString(rules.resolve("broken.yaml"),
          "id: RB-951\ntitle: Broken\nmatch:\n  alertname: Broken\n\"<b>\": true\n");
      await().atMost(Duration.ofSeconds(20)).until(() -> alice.get("/console/status").body().contains("failed at"));
      String after = alice.get("/console/status").body();

      assertThat(before).contains("<dt>Rules loaded</dt><dd data-key=\"rules.loaded\">1</dd>")
          .contains("<dt>Last rule reload</dt><dd data-key=\"rules.lastReload\">loaded at ")
          .doesNotContain("Reload problems");
      assertThat(after).contains("<dd data-key=\"rules.loaded\">1</dd>")
          .contains(" with 1 problem: the rules loaded before stay in force</dd>")
          .contains("<dt>Reload problems</dt><dd data-key=\"rules.lastReload.error\"><pre>rules/broken.yaml:5:")
          .contains("&lt;b&gt;").doesNotContain("<b>");
    }
  }
}

package io.runbookd.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.testing.RealAlertmanager;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon as users run it: a rule with {@code silence: true}, a real Alertmanager, an alert
 * through the webhook, and an acknowledgement through the API.
 */
class DaemonSilenceTest {
  private static final String API = "admin-token-0123456789abcdef";

  @TempDir Path dir;

  @Test
  void silencesWhileDiagnosingAndLiftsWhenAHumanTakesTheIncident() throws Exception {
    RealAlertmanager.assumeAvailable();
    try (RealAlertmanager alertmanager = RealAlertmanager.start(Files.createDirectory(dir.resolve("am")));
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestDaemon daemon = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of(
            "mode", "enforce",
            "rules.dir", rules(silent.getLocalPort()),
            "alertmanager.url", alertmanager.url(),
            "api.token", API))) {
      List<Socket> held = holdConnections(silent);
      String id = new ObjectMapper().readTree(daemon.postWebhook(Files.readString(Path.of("examples/high-error-rate.json")))
          .body()).path("incidents").get(0).asText();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertmanager.activeAbout(id)).hasSize(1));
      assertThat(daemon.get("/api/v1/incidents/" + id).body()).contains("diagnosing").contains("silenced alert");

      daemon.send(HttpRequest.newBuilder(daemon.uri("/api/v1/incidents/" + id + "/ack"))
          .header("Authorization", "Bearer " + API).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"alice\"}")).build());

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alertmanager.activeAbout(id)).isEmpty());
      assertThat(daemon.get("/api/v1/incidents/" + id).body()).contains("a human acknowledged the incident");
      held.forEach(DaemonSilenceTest::closeQuietly);
    }
  }

  /** A rule whose probe waits on a server that never answers: the incident stays in diagnosis. */
  private String rules(int port) throws Exception {
    Path rules = Files.createDirectory(dir.resolve("rules"));
    Files.writeString(rules.resolve("RB-950.yaml"), String.join("\n",
        "id: RB-950",
        "title: Slow to diagnose",
        "match:",
        "  alertname: HighErrorRate",
        "silence: true",
        "diagnose:",
        "  - id: slow",
        "    probe: http.get",
        "    params: {url: \"http://127.0.0.1:" + port + "/health\", timeout: 30s}",
        "    timeout: 1m",
        ""));
    return rules.toString();
  }

  private static List<Socket> holdConnections(ServerSocket server) {
    List<Socket> held = new CopyOnWriteArrayList<>();
    Thread accept = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          held.add(server.accept());
        } catch (java.io.IOException closed) {
          return;
        }
      }
    }, "silent-server");
    accept.setDaemon(true);
    accept.start();
    return held;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (java.io.IOException ignored) {
      // the test is over
    }
  }
}

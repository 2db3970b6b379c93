package io.runbookd.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.Store;
import io.runbookd.testing.Payloads;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A daemon process killed with SIGKILL while Alertmanager deliveries are in flight: every
 * alert it answered 200 for is in the store when it comes back.
 */
class CrashDurabilityTest {
  private static final String TOKEN = "crash-test-token-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void everyAcknowledgedAlertSurvivesSigkill(StoreKind kind) throws Exception {
    RunbookdConfig.Store store = kind.config(dir);
    int port = freePort();
    Process daemon = startProcess(store, port);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try {
      awaitReady(port, daemon);

      postUntilKilled(port, daemon, acknowledged);

      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      daemon.destroyForcibly();
    }
    assertThat(acknowledged).isNotEmpty();
    System.out.println(kind + ": " + acknowledged.size() + " alerts acknowledged before SIGKILL");
    try (Store reopened = Store.open(store, java.time.Clock.systemUTC(), io.runbookd.metrics.Metrics.inMemory())) {
      Set<String> stored = new IncidentStore(reopened, JSON).storedAlerts(acknowledged);
      List<String> missing = acknowledged.stream().filter(id -> !stored.contains(id)).toList();
      assertThat(missing).as("acknowledged but lost, of " + acknowledged.size()).isEmpty();
    }
  }

  /** Four senders post distinct 5-alert groups; SIGKILL lands while they are sending. */
  private void postUntilKilled(int port, Process daemon, Set<String> acknowledged)
      throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    ExecutorService senders = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      senders.submit(
          () -> {
            for (int i = 0; i < 20_000 && !killed.get(); i++) {
              int from = next.getAndAdd(5);
              send(client, port, Payloads.distinct(from, 5), alertIds(from, 5), acknowledged);
            }
          });
    }
    Thread.sleep(1500);
    daemon.destroyForcibly();
    killed.set(true);
    senders.shutdown();
    assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  /** The ids of the alerts {@link Payloads#distinct} makes. */
  private static List<String> alertIds(int from, int n) {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = from; i < from + n; i++) {
      ids.add(new io.runbookd.incident.EpisodeKey(String.format("%016x", i),
          java.time.Instant.parse("2025-10-12T14:03:27Z")).id());
    }
    return ids;
  }

  private static void send(HttpClient client, int port, String body, List<String> alerts, Set<String> acknowledged) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/alertmanager"))
            .timeout(Duration.ofSeconds(5))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(alerts.size());
        acknowledged.addAll(alerts);
      }
    } catch (IOException e) {
      // the daemon died mid-request: not acknowledged, so not promised
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The daemon as users run it: the shipped configuration, overridden by the environment. */
  private Process startProcess(RunbookdConfig.Store store, int port) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.runbookd.cli.Main",
                "serve",
                "--config",
                Path.of("config/runbookd.yaml").toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("daemon.log").toFile());
    builder.environment().putAll(TestDaemon.environment(store, java.util.Map.of()));
    builder.environment().put("RUNBOOKD_SERVER_PORT", String.valueOf(port));
    builder.environment().put("RUNBOOKD_WEBHOOK_TOKEN", TOKEN);
    builder.environment().put("KUBERNETES_MASTER", "https://127.0.0.1:1");
    builder.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    builder.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    return builder.start();
  }

  private void awaitReady(int port, Process daemon) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && daemon.isAlive()) {
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new AssertionError("daemon did not become ready:\n" + Files.readString(dir.resolve("daemon.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.runbookd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.testing.TestDaemon;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon on SQLite in a small file system that fills up: the webhook answers 503 with
 * Retry-After, readiness turns false, a refused delivery leaves nothing behind, and the daemon
 * takes alerts again by itself once space returns.
 */
class StoreFaultDaemonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ALERTS_PER_DELIVERY = 100;

  @TempDir Path dir;
  private SmallFileSystem disk;

  @AfterEach
  void unmount() {
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void aFullDiskRefusesDeliveriesWholeAndTheDaemonRecoversWhenSpaceReturns() throws Exception {
    disk = SmallFileSystem.mount(dir.resolve("small"), "6m");
    try (TestDaemon daemon = TestDaemon.start(store(disk.root()), Map.of())) {
      assertThat(daemon.postWebhook(delivery(0)).statusCode()).isEqualTo(200);
      emptyTheWal(disk.root().resolve("runbookd.db"));
      disk.fill();

      List<Integer> stored = new ArrayList<>(List.of(0));
      Optional<HttpResponse<String>> refused = Optional.empty();
      int batch = 1;
      for (; batch < 60 && refused.isEmpty(); batch++) {
        HttpResponse<String> answer = daemon.postWebhook(delivery(batch));
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
        if (answer.statusCode() == 200) {
          stored.add(batch);
        } else {
          refused = Optional.of(answer);
        }
      }
      int refusedBatch = batch - 1;

      assertThat(refused).as("a full disk must refuse a delivery").isPresent();
      assertThat(refused.get().headers().firstValue("Retry-After")).hasValue("5");
      assertThat(refused.get().body()).contains("temporarily unavailable");
      for (int i = 0; i < 10; i++) {
        assertThat(daemon.get("/readyz").statusCode()).as("not ready while the disk is full").isEqualTo(503);
        Thread.sleep(500);
      }
      assertThat(daemon.get("/api/v1/status").body()).contains("disk full");

      disk.free();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .until(() -> daemon.get("/readyz").statusCode() == 200);
      Map<Integer, Integer> before = alertCounts(daemon);
      HttpResponse<String> retried = daemon.postWebhook(delivery(refusedBatch));
      Map<Integer, Integer> after = alertCounts(daemon);

      assertThat(before.getOrDefault(refusedBatch, 0)).as("a refused delivery: nothing or all of it")
          .isIn(0, ALERTS_PER_DELIVERY);
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
      assertThat(after).containsEntry(refusedBatch, ALERTS_PER_DELIVERY);
      for (int accepted : stored) {
        assertThat(after).as("every acknowledged delivery is whole").containsEntry(accepted, ALERTS_PER_DELIVERY);
      }
    }
  }

  /**
   * Checkpoints the WAL into the database and truncates it (a checkpoint serves every connection
   * of the file), so that the daemon's next commit must take new space: a WAL that restarted
   * after a checkpoint still owns the space of its old frames, and small writes fit there.
   */
  private static void emptyTheWal(Path db) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        var st = c.createStatement()) {
      for (int attempt = 0; attempt < 50; attempt++) {
        try (var rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
          if (rs.next() && rs.getInt(1) == 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the daemon's store never let the WAL be checkpointed");
  }

  private static RunbookdConfig.Store store(Path root) {
    return new RunbookdConfig.Store("jdbc:sqlite:" + root.resolve("runbookd.db").toAbsolutePath(),
        Optional.empty(), Optional.empty(), 8);
  }

  /** Each delivery's incident, by its batch label, with the alerts it holds. */
  private static Map<Integer, Integer> alertCounts(TestDaemon daemon) throws IOException {
    HttpResponse<String> answer = daemon.get("/api/v1/incidents?limit=200");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    Map<Integer, Integer> counts = new java.util.HashMap<>();
    for (JsonNode incident : JSON.readTree(answer.body())) {
      counts.merge(incident.get("group").get("batch").asInt(), incident.get("alertCount").asInt(), Integer::sum);
    }
    return counts;
  }

  /**
   * One Alertmanager group (its own {@code batch}) of distinct alerts no rule covers, with
   * labels long enough that a few deliveries need new pages of the store.
   */
  private static String delivery(int batch) {
    List<String> alerts = new ArrayList<>();
    String padding = "p".repeat(1_000);
    for (int i = 0; i < ALERTS_PER_DELIVERY; i++) {
      alerts.add("""
          {"status":"firing","labels":{"alertname":"DiskPressure","batch":"%d","pod":"pod-%d","note":"%s"},\
          "annotations":{"summary":"test"},"startsAt":"2025-10-12T14:03:27Z","endsAt":"0001-01-01T00:00:00Z",\
          "generatorURL":"http://prometheus/graph","fingerprint":"%08x%08x"}"""
          .formatted(batch, i, padding, batch, i));
    }
    return """
        {"version":"4","groupKey":"{}:{batch=\\"%d\\"}","truncatedAlerts":0,"status":"firing",\
        "receiver":"runbookd","groupLabels":{"batch":"%d"},"commonLabels":{},"commonAnnotations":{},\
        "externalURL":"http://alertmanager:9093","alerts":[%s]}"""
        .formatted(batch, batch, String.join(",", alerts));
  }

  /** A size-limited tmpfs (needs root), filled and freed by the test. */
  static final class SmallFileSystem implements AutoCloseable {
    private final Path root;
    private final Path filler;

    private SmallFileSystem(Path root) {
      this.root = root;
      this.filler = root.resolve("filler");
    }

    static SmallFileSystem mount(Path root, String size) throws Exception {
      Files.createDirectories(root);
      org.junit.jupiter.api.Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
          root.toString()) == 0, "mounting a tmpfs needs root");
      return new SmallFileSystem(root);
    }

    Path root() {
      return root;
    }

    /** Takes every free byte. */
    void fill() throws IOException {
      byte[] chunk = new byte[4_096];
      try (OutputStream out = Files.newOutputStream(filler)) {
        for (int i = 0; i < 1 << 20; i++) {
          out.write(chunk);
          out.flush();
        }
        throw new AssertionError("the small file system never filled up");
      } catch (IOException full) {
        if (!String.valueOf(full.getMessage()).contains("No space left")) {
          throw full;
        }
      }
    }

    void free() throws IOException {
      Files.deleteIfExists(filler);
    }

    @Override
    public void close() {
      try {
        if (run("umount", root.toString()) != 0) {
          run("umount", "-l", root.toString());
        }
      } catch (Exception e) {
        throw new IllegalStateException("could not unmount " + root, e);
      }
    }

    private static int run(String... command) throws Exception {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    }
  }
}

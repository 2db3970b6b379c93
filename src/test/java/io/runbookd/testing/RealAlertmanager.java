package io.runbookd.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on a free loopback port, with a
 * minimal configuration, its own storage directory and no gossip. Outside CI a machine without the
 * binary skips the test; in CI (the {@code CI} environment variable set) it must be there.
 */
public final class RealAlertmanager implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
  private static final String CONFIG = "route:\n  receiver: nobody\nreceivers:\n  - name: nobody\n";

  private final Path dir;
  private final int port;
  private Process process;
  private final URI url;
  private int restarts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  private RealAlertmanager(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.url = URI.create("http://127.0.0.1:" + port);
  }

  /** Skips the calling test when the binary is absent and this is not CI. */
  public static void assumeAvailable() {
    assumeTrue(Files.isExecutable(BINARY) || System.getenv("CI") != null,
        BINARY + " is not installed (apt-get install prometheus-alertmanager): skipping the tests against a real"
            + " Alertmanager; in CI they run");
  }

  /** Starts one in {@code dir} and waits until it is ready. */
  public static RealAlertmanager start(Path dir) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("alertmanager.yml"), CONFIG);
    RealAlertmanager am = new RealAlertmanager(dir, freePort());
    am.launch();
    return am;
  }

  private void launch() throws IOException, InterruptedException {
    process = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + dir.resolve("alertmanager.yml"),
        "--storage.path=" + dir.resolve("data-" + restarts),
        "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
        .start();
    awaitReady(dir);
  }

  /** Stops it and starts it again on the same port with empty storage: every silence is gone. */
  public void restartWithoutData() throws IOException, InterruptedException {
    close();
    restarts++;
    launch();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitReady(Path dir) throws IOException, InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Alertmanager exited: " + Files.readString(dir.resolve("alertmanager.log")));
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    close();
    throw new IllegalStateException("Alertmanager not ready within 30 s");
  }

  public URI url() {
    return url;
  }

  /** Every silence it holds, as {@code GET /api/v2/silences} answers. */
  public List<JsonNode> silences() {
    try {
      HttpResponse<String> answer = get("/api/v2/silences");
      List<JsonNode> out = new ArrayList<>();
      json.readTree(answer.body()).forEach(out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The silences that are not expired and whose comment contains {@code text}. */
  public List<JsonNode> activeAbout(String text) {
    return silences().stream()
        .filter(s -> !s.path("status").path("state").asText().equals("expired"))
        .filter(s -> s.path("comment").asText().contains(text))
        .toList();
  }

  /** Creates a silence as a person would, from the UI or amtool; returns its id. */
  public String silence(String createdBy, Map<String, String> labels, String comment) {
    var body = json.createObjectNode();
    var matchers = body.putArray("matchers");
    labels.forEach((name, value) -> matchers.addObject().put("name", name).put("value", value)
        .put("isRegex", false).put("isEqual", true));
    body.put("startsAt", Instant.now().toString()).put("endsAt", Instant.now().plusSeconds(900).toString())
        .put("createdBy", createdBy).put("comment", comment);
    HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v2/silences")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    try {
      return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("silenceID").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

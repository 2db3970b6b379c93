package io.runbookd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens on the wire before a body is read: the token is checked first and the size
 * limit is enforced while reading, so a caller cannot make runbookd buffer what it refuses.
 */
class WebhookStreamingTest {
  private static final int LIMIT = 64 * 1024;

  @TempDir static Path dir;
  private static TestDaemon daemon;

  @BeforeAll
  static void start() {
    daemon = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("webhook.maxBodyBytes", LIMIT));
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void answers401BeforeReadingTheBody() throws IOException {
    try (Socket socket = socket()) {
      write(socket, head("Bearer wrong-token-wrong-token", "Content-Length: 1000000\r\n"));

      assertThat(statusLine(socket)).contains(" 401 ");
    }
  }

  @Test
  void answers413FromContentLengthWithoutReading() throws IOException {
    try (Socket socket = socket()) {
      write(socket, head("Bearer " + TestDaemon.TOKEN, "Content-Length: " + (LIMIT + 1) + "\r\n"));

      assertThat(statusLine(socket)).contains(" 413 ");
    }
  }

  @Test
  void answers413WhileReadingAChunkedBodyThatOutgrowsTheLimit() throws IOException {
    try (Socket socket = socket()) {
      write(socket, head("Bearer " + TestDaemon.TOKEN, "Transfer-Encoding: chunked\r\n"));
      String chunk = "x".repeat(8 * 1024);
      try {
        for (int i = 0; i < 16; i++) {
          write(socket, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
      } catch (IOException closedByServer) {
        // expected once the server has answered and closed
      }

      assertThat(statusLine(socket)).contains(" 413 ");
    }
    assertThat(daemon.get("/api/v1/incidents").body()).isEqualTo("[]");
  }

  private static Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", daemon.uri("/").getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String head(String authorization, String lengthHeader) {
    return "POST /webhook/alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Authorization: "
        + authorization
        + "\r\nContent-Type: application/json\r\n"
        + lengthHeader
        + "\r\n";
  }

  private static void write(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String statusLine(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      line.append((char) b);
    }
    return line.toString();
  }
}

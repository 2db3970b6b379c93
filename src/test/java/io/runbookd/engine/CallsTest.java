package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.plugin.RefusedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resilience every probe and action call gets: timeout, retries, circuit, bulkhead. */
class CallsTest {
  private final Calls calls = new Calls(Duration.ofSeconds(30), Duration.ofMillis(5));

  @AfterEach
  void close() {
    calls.close();
  }

  @Test
  void hungCallFailsWithinItsTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {

      assertThatThrownBy(() -> calls.call("silent", Duration.ofMillis(300), false, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", silent.getLocalPort()));
          return s.getInputStream().read();
        }
      }))
          .isInstanceOf(CallException.class)
          .hasMessage("timed out after 300 ms");
    }
  }

  @Test
  void slowReadsOpenTheReadCircuitButAFixStillGoesThrough() throws Exception {
    for (int i = 0; i < 6; i++) {
      try {
        calls.read("kubernetes", Duration.ofMillis(50), () -> {
          Thread.sleep(500);
          return "late";
        });
      } catch (CallException expected) {
        // a slow log read
      }
    }

    String fix = calls.write("kubernetes", Duration.ofSeconds(5), false, () -> "evicted");

    assertThat(calls.open("kubernetes/read")).isTrue();
    assertThat(fix).isEqualTo("evicted");
    assertThat(calls.open("kubernetes/write")).isFalse();
  }

  @Test
  void safeCallsAreTriedThreeTimesOthersOnce() {
    AtomicInteger safe = new AtomicInteger();
    AtomicInteger unsafe = new AtomicInteger();

    assertThatThrownBy(() -> calls.call("a", Duration.ofSeconds(5), true, () -> {
      safe.incrementAndGet();
      throw new IOException("connection reset");
    })).hasMessage("connection reset");
    assertThatThrownBy(() -> calls.call("b", Duration.ofSeconds(5), false, () -> {
      unsafe.incrementAndGet();
      throw new IOException("connection reset");
    })).hasMessage("connection reset");

    assertThat(safe).hasValue(3);
    assertThat(unsafe).hasValue(1);
  }

  @Test
  void refusedConnectionsOpenTheCircuitOfThatSystemOnly() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    AtomicInteger attempts = new AtomicInteger();
    int port = closedPort;
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> calls.call("db", Duration.ofSeconds(5), false, () -> {
        attempts.incrementAndGet();
        try (Socket socket = new Socket("127.0.0.1", port)) {
          return socket.isConnected();
        }
      })).isInstanceOf(CallException.class).hasRootCauseInstanceOf(ConnectException.class);
    }

    assertThatThrownBy(() -> calls.call("db", Duration.ofSeconds(5), false, attempts::incrementAndGet))
        .hasMessage("circuit open for db after repeated failures");
    assertThat(attempts).hasValue(4);
    assertThat(calls.open("db")).isTrue();
    assertThat(calls.call("other", Duration.ofSeconds(5), false, () -> "fine")).isEqualTo("fine");
  }

  @Test
  void refusalsNeitherRetryNorOpenTheCircuit() throws Exception {
    AtomicInteger attempts = new AtomicInteger();

    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(() -> calls.call("k8s", Duration.ofSeconds(5), true, () -> {
        attempts.incrementAndGet();
        throw new RefusedException("deployment nba-mcp/ghost not found");
      })).hasMessage("deployment nba-mcp/ghost not found");
    }

    assertThat(attempts).hasValue(6);
    assertThat(calls.open("k8s")).isFalse();
  }
}

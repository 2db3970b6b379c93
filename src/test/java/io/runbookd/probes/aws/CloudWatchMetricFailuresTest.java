package io.runbookd.probes.aws;

import static io.runbookd.probes.aws.CloudWatchMetricTest.run;
import static io.runbookd.probes.aws.CloudWatchMetricTest.seedParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsRefusedException;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.plugin.RefusedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;

/**
 * How {@code aws.cloudwatch_metric} fails: a refusal (CloudWatch answered the request cannot
 * succeed) is a {@link RefusedException}; a failure to answer (5xx, throttling, a hung socket) is
 * anything else, so the engine retries it and counts it against the circuit.
 */
class CloudWatchMetricFailuresTest {
  private static final Instant NOW = Instant.parse("2025-10-12T12:00:00Z");
  private static CloudWatchWire wire;
  private static AwsClients clients;
  private static CloudWatchMetric probe;

  @BeforeAll
  static void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    probe = new CloudWatchMetric(clients, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    clients.close();
    wire.close();
  }

  @Test
  void invalidParameterIsRefusedWithCloudWatchsMessage() {
    wire.fail(
        400,
        "InvalidParameterValueException",
        "InvalidParameterValue",
        "The parameter StartTime must not be after EndTime.");

    assertThatThrownBy(() -> run(probe, seedParams()))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessage(
            "CloudWatch GetMetricStatistics refused (400 InvalidParameterValue):"
                + " The parameter StartTime must not be after EndTime.")
        .hasCauseInstanceOf(InvalidParameterValueException.class);
  }

  @Test
  void accessDeniedIsRefused() {
    wire.fail(403, "AccessDenied", "AccessDenied", "User is not authorized");

    assertThatThrownBy(() -> run(probe, seedParams()))
        .isInstanceOf(RefusedException.class)
        .hasMessageContaining("403 AccessDenied")
        .hasMessageContaining("User is not authorized");
  }

  @Test
  void serverErrorIsAFailureNotARefusal() {
    wire.status(500);

    assertThatThrownBy(() -> run(probe, seedParams()))
        .isNotInstanceOf(RefusedException.class)
        .hasMessageContaining("500");
    assertThat(wire.requests()).as("the SDK does not retry; the engine does").hasSize(1);
  }

  @Test
  void throttlingIsAFailureNotARefusal() {
    wire.fail(400, "ThrottlingException", "Throttling", "Rate exceeded");

    assertThatThrownBy(() -> run(probe, seedParams()))
        .isNotInstanceOf(RefusedException.class)
        .hasMessageContaining("Rate exceeded");
    assertThat(wire.requests()).hasSize(1);
  }

  @Test
  void hangingCloudWatchFailsWithinTheTimeout() {
    wire.hang(Duration.ofSeconds(10));
    try (AwsClients quick = wire.clients(AwsTimeouts.all(Duration.ofMillis(500)))) {
      CloudWatchMetric impatient = new CloudWatchMetric(quick, Clock.fixed(NOW, ZoneOffset.UTC));
      long started = System.nanoTime();

      assertThatThrownBy(() -> run(impatient, seedParams()))
          .isInstanceOf(SdkClientException.class)
          .isNotInstanceOf(RefusedException.class);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
  }
}

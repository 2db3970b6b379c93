package io.runbookd.aws;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on one AWS call. The defaults fit inside a probe step's default 10 s timeout, so the SDK
 * gives up (and frees its worker thread) before or as the engine does; a blocked socket read does
 * not notice the engine's interrupt.
 *
 * @param connect TCP connect, and waiting for a pooled connection
 * @param socket longest silence while reading an answer
 * @param attempt one HTTP attempt, from sending to the last byte
 * @param apiCall the whole call, credentials and signing included
 * @param maxConnections pooled connections per client
 */
public record AwsTimeouts(
    Duration connect, Duration socket, Duration attempt, Duration apiCall, int maxConnections) {
  public static final AwsTimeouts DEFAULTS =
      new AwsTimeouts(
          Duration.ofSeconds(3),
          Duration.ofSeconds(8),
          Duration.ofSeconds(9),
          Duration.ofSeconds(9),
          16);

  public AwsTimeouts {
    Objects.requireNonNull(connect);
    Objects.requireNonNull(socket);
    Objects.requireNonNull(attempt);
    Objects.requireNonNull(apiCall);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
  }

  /** The same bound for every phase: what tests use to see a hung target fail fast. */
  public static AwsTimeouts all(Duration limit) {
    return new AwsTimeouts(limit, limit, limit, limit, 4);
  }
}

package io.runbookd.http;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import java.time.Duration;
import java.util.Optional;

/** The {@code timeout} parameter HTTP plugins share: one bound for a whole exchange. */
public final class RequestTimeout {
  public static final Duration DEFAULT = Duration.ofSeconds(5);
  public static final Duration MIN = Duration.ofMillis(100);
  public static final Duration MAX = Duration.ofSeconds(30);

  private RequestTimeout() {}

  private static final Check RANGE =
      value -> {
        Duration d = (Duration) value;
        return d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0
            ? Optional.of("must be between 100ms and 30s, got " + d.toMillis() + "ms")
            : Optional.empty();
      };

  /**
   * Optional; the whole request (connect, redirects, body) must finish within it. Keep it below the
   * step's own {@code timeout}, so the probe reports its own reason.
   */
  public static final Param PARAM =
      Param.optional(
          "timeout",
          ParamType.DURATION,
          "request timeout for the whole exchange, 100ms to 30s (default 5s)",
          RANGE);
}

package io.runbookd.probes.prometheus;

import io.runbookd.plugin.ParamException;
import java.time.Duration;
import java.util.Optional;

/**
 * The resolution of a range query. Prometheus refuses a range query when {@code (end - start) /
 * step} exceeds 11,000 points per series ("exceeded maximum resolution"), so a 180-day range needs
 * a step of at least 1,414 s. Steps are whole seconds.
 */
final class RangeStep {
  /** Prometheus' limit on {@code (end - start) / step}, integer division. */
  static final long MAX_POINTS = 11_000;

  private RangeStep() {}

  /** The smallest whole-second step Prometheus accepts for {@code range}. */
  static long smallest(Duration range) {
    return range.toSeconds() / (MAX_POINTS + 1) + 1;
  }

  /**
   * The step to query {@code range} with: {@code step} when given (refused when it would pass the
   * limit or exceed the range), else the range divided into about {@code points}, never below the
   * smallest allowed.
   */
  static long choose(Duration range, Optional<Duration> step, long points) throws ParamException {
    long seconds = range.toSeconds();
    long smallest = smallest(range);
    if (step.isEmpty()) {
      return Math.max(smallest, ceilDiv(seconds, points));
    }
    long given = step.get().toSeconds();
    if (given < 1 || step.get().toMillis() % 1000 != 0) {
      throw new ParamException("step", "must be whole seconds, at least 1s");
    }
    if (given > seconds) {
      throw new ParamException("step", "must not exceed the range (" + words(seconds) + ")");
    }
    if (seconds / given > MAX_POINTS) {
      throw new ParamException(
          "step",
          String.format(
              java.util.Locale.ROOT,
              "%s at a step of %s is %,d points per series; Prometheus allows %,d:"
                  + " use a step of at least %s",
              words(seconds),
              words(given),
              seconds / given,
              MAX_POINTS,
              words(smallest)));
    }
    return given;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** {@code 180d}, {@code 23m35s}, {@code 1h}: the largest units that say it exactly. */
  static String words(long seconds) {
    StringBuilder out = new StringBuilder();
    long rest = seconds;
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (rest >= sizes[i]) {
        out.append(rest / sizes[i]).append(units[i]);
        rest %= sizes[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }
}

package io.runbookd.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule's {@code silence}: while runbookd works on one of its incidents (matched, diagnosing,
 * acting, awaiting approval, verifying), the incident's alerts are silenced in Alertmanager, so
 * that nobody is paged for what is being fixed. The silences are lifted as soon as the work stops.
 *
 * @param length {@code silence: 2h}: the silences end at the latest this long after the incident
 *     opened. Empty for {@code silence: true}: they last until the end of the verification window
 *     and are renewed while the work goes on
 */
public record Silence(Optional<Duration> length) {

  /** The shortest and longest {@code silence: <duration>}. */
  static final Duration MIN = Duration.ofMinutes(1);

  static final Duration MAX = Duration.ofHours(24);

  /**
   * How far ahead a {@code silence: true} silence reaches while verification has not started, for
   * a rule without {@code verify}.
   */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

  public Silence {
    Objects.requireNonNull(length, "length");
  }

  /** {@code silence: true}. */
  public static Silence untilVerified() {
    return new Silence(Optional.empty());
  }

  /** {@code silence: <duration>}. */
  public static Silence lasting(Duration length) {
    return new Silence(Optional.of(length));
  }
}

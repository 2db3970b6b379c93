package io.runbookd.runs;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random keys: a run's own key (its incident id follows from it) and a replayed alert's fingerprint. */
final class Fresh {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Fresh() {}

  /** {@code bytes} random bytes as lower-case hex. */
  static String hex(int bytes) {
    byte[] out = new byte[bytes];
    RANDOM.nextBytes(out);
    return HexFormat.of().formatHex(out);
  }
}

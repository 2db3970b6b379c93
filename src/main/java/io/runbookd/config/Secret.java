package io.runbookd.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A configured secret (token, password, API key, webhook URL). Its {@link #toString()} never
 * shows the value, so a secret that ends up in a log line or an API answer by accident stays
 * hidden; code that needs the value calls {@link #reveal()} at the point of use.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  /** Compares in time independent of where the first difference is. */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "[secret]";
  }
}

package io.runbookd.config;

import java.util.Locale;
import java.util.Optional;

/** How runbookd writes its log: {@code text} lines for people, or one JSON object per line. */
public enum LogFormat {
  TEXT,
  JSON;

  public static Optional<LogFormat> parse(String text) {
    for (LogFormat format : values()) {
      if (format.wire().equals(text)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

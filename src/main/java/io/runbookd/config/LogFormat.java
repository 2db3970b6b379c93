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

  /** {@code log.format}, {@code text} when unset. */
  static LogFormat bind(Binder b) {
    Optional<String> text = b.text("log.format");
    Optional<LogFormat> format = text.map(t -> parse(t).orElse(null));
    if (text.isPresent() && format.isEmpty()) {
      b.problem("log.format", "must be text or json; got '" + text.get() + "'");
    }
    return format.orElse(TEXT);
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}

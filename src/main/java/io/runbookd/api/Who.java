package io.runbookd.api;

import java.util.Optional;

/** The text a decision records about who made it and why: bounded, plain, one line. */
public final class Who {
  private static final int MAX_REASON = 300;

  private Who() {}

  /** A name such as "alice" or "alice@example.com"; empty when it has other characters. */
  public static Optional<String> name(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String name = text.strip();
    return name.matches("[A-Za-z0-9@._ -]{1,128}") ? Optional.of(name) : Optional.empty();
  }

  /** A reason in the decider's words: control characters become spaces, at most 300 characters. */
  public static Optional<String> reason(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String reason = text.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    if (reason.isEmpty()) {
      return Optional.empty();
    }
    if (reason.codePointCount(0, reason.length()) <= MAX_REASON) {
      return Optional.of(reason);
    }
    return Optional.of(reason.substring(0, reason.offsetByCodePoints(0, MAX_REASON - 1)) + "…");
  }

  /** Ids quoted back in answers: only the characters ids have. */
  static String id(String id) {
    return id == null ? "" : id.replaceAll("[^a-z0-9-]", "?");
  }
}

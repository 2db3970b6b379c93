package io.runbookd.escalation.pagers;

import java.util.List;

/**
 * The last line of defence for secrets: whatever an endpoint echoes back (a proxy's error page
 * quoting the request URL, an API repeating the key it refused) is scrubbed before it can reach a
 * {@code Delivery} detail, and so the timeline, the logs or the API.
 */
final class Redact {
  static final String MASK = "[secret]";

  /** Shorter values are not scrubbed: masking every "/" or "ab" would garble all text. */
  static final int MIN_LENGTH = 6;

  private Redact() {}

  static String scrub(String text, List<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_LENGTH) {
        out = out.replace(secret, MASK);
      }
    }
    return out;
  }

  /** One timeline line: control characters (CR, LF, ...) become spaces, so no line is forged. */
  static String oneLine(String text) {
    return text.replaceAll("\\p{Cntrl}", " ");
  }
}

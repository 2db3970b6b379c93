package io.runbookd.probes.k8s;

import java.util.regex.Pattern;

/**
 * Text written by workloads or anyone who may create events (log lines, event messages), made fit
 * for a timeline, a page or a Slack message: control and invisible format characters removed
 * (terminal escapes, bidi overrides), bounded, and the values of obvious credentials masked.
 * Masking is a best effort for careless log lines, not a guarantee: rules should not page raw logs
 * of services known to log secrets.
 */
final class ClusterText {
  /** The longest line or message kept; longer ones end with an ellipsis. */
  static final int MAX_CHARS = 300;

  private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cntrl}\\p{Cf}]");
  // Bounded input (MAX_CHARS) and no nested quantifiers: linear time on any line.
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          "(?i)\\b(password|passwd|pwd|secret|token|api[-_]?key|access[-_]?key|authorization)"
              + "(\"?\\s*[:=]\\s*\"?)(bearer\\s+|basic\\s+)?[^\\s\",;&]+");
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern URL_USERINFO = Pattern.compile("://[^/\\s:@]+:[^/\\s@]+@");

  private ClusterText() {}

  static String clean(String text) {
    if (text == null) {
      return "";
    }
    String visible = INVISIBLE.matcher(text.replace('\t', ' ')).replaceAll("");
    String clipped = clip(visible);
    String masked = CREDENTIAL.matcher(clipped).replaceAll("$1$2$3***");
    masked = BEARER.matcher(masked).replaceAll("$1 ***");
    return URL_USERINFO.matcher(masked).replaceAll("://***@");
  }

  private static String clip(String text) {
    if (text.length() <= MAX_CHARS) {
      return text;
    }
    int end = MAX_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}

package io.runbookd.store;

/** Renders untrusted text for one-line human messages. */
final class Text {
  private static final int MAX = 200;

  private Text() {}

  /** Quoted, control characters replaced, capped, so a label cannot forge timeline lines. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX) + 2).append('\'');
    for (int i = 0; i < text.length() && i < MAX; i++) {
      char ch = text.charAt(i);
      out.append(Character.isISOControl(ch) ? '?' : ch);
    }
    if (text.length() > MAX) {
      out.append('…');
    }
    return out.append('\'').toString();
  }
}

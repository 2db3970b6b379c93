package io.runbookd.rules;

/**
 * Renders untrusted text (labels, annotations, file content) as one short, inert line for timelines
 * and logs: control, format and line-separator characters become a space, and the result is cut at
 * a maximum length.
 */
public final class SafeText {

  /** The default cap for one rendered piece of text. */
  public static final int MAX_LENGTH = 200;

  private static final String ELLIPSIS = "...";

  private SafeText() {}

  public static String of(String text) {
    return of(text, MAX_LENGTH);
  }

  public static String of(String text, int maxLength) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength + ELLIPSIS.length()));
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (out.length() + Character.charCount(cp) > maxLength) {
        return out.append(ELLIPSIS).toString();
      }
      out.appendCodePoint(isUnsafe(cp) ? ' ' : cp);
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  private static boolean isUnsafe(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}

package io.runbookd.escalation.pagers;

import java.util.List;

/**
 * Label text rendered inert for Slack. Slack reads {@code <...>} as a mention or a link ({@code
 * <!channel>}, {@code <@U123>}, {@code <#C1>}, {@code <http://x|y>}), so {@code &}, {@code <} and
 * {@code >} become entities and no label can ping anyone or hide a link. The mrkdwn styling
 * characters ({@code * _ ~ `}) are left alone: they can restyle a label but not reach anyone, and
 * mangling them would corrupt text a responder copies. Bare URLs, channel names and
 * {@code @here}-style words are kept from auto-parsing by {@code verbatim: true} on every mrkdwn
 * text object (see {@link SlackMessage}).
 */
final class SlackText {
  /** Slack's limit for a section's text and for most text objects. */
  static final int MAX_SECTION = 3000;

  static final int MAX_LINE = 300;
  static final int MAX_BULLETS = 30;

  /** Room kept at the end of a list for its "… and N more" line. */
  private static final int MORE_ROOM = 32;

  private SlackText() {}

  static String escape(String text) {
    return escape(text, Integer.MAX_VALUE);
  }

  /**
   * Escaped text of at most {@code max} characters. A cut ends in an ellipsis and never splits an
   * entity or a surrogate pair. Control characters (CR, LF, tabs) become spaces: our own layout
   * supplies the line breaks.
   */
  static String escape(String text, int max) {
    String whole = escapeWithin(text, Integer.MAX_VALUE);
    if (whole.length() <= max) {
      return whole;
    }
    return escapeWithin(text, max - Truncate.ELLIPSIS.length()) + Truncate.ELLIPSIS;
  }

  /** Whole escaped pieces while they fit in {@code room}. */
  private static String escapeWithin(String text, int room) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      String piece = piece(codePoint);
      if (out.length() + piece.length() > room) {
        break;
      }
      out.append(piece);
      i += Character.charCount(codePoint);
    }
    return out.toString();
  }

  /** A bold heading over a bullet list of escaped lines, at most {@code max} characters. */
  static String bullets(String heading, List<String> lines, int max) {
    StringBuilder out = new StringBuilder("*").append(heading).append('*');
    if (lines.isEmpty()) {
      return out.append("\n_none_").toString();
    }
    int limit = Math.min(lines.size(), MAX_BULLETS);
    for (int i = 0; i < lines.size(); i++) {
      String line = "\n• " + escape(lines.get(i), MAX_LINE);
      boolean last = i == lines.size() - 1;
      if (i == limit || out.length() + line.length() + (last ? 0 : MORE_ROOM) > max) {
        return out.append("\n• ")
            .append(Truncate.ELLIPSIS)
            .append(" and ")
            .append(lines.size() - i)
            .append(" more")
            .toString();
      }
      out.append(line);
    }
    return out.toString();
  }

  private static String piece(int codePoint) {
    return switch (codePoint) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      default -> Character.isISOControl(codePoint) ? " " : Character.toString(codePoint);
    };
  }
}

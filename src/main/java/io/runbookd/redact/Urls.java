package io.runbookd.redact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds URLs in text and keeps only their scheme, host, port and path: user information becomes
 * {@code …@}, a query {@code ?…} and a fragment {@code #…}, so a reader still sees that there was
 * one. Works on text that is not a valid URL too (a refused one is quoted in its error), and on
 * text already scrubbed, which it leaves as it is.
 */
final class Urls {
  /** scheme://authority path ?query #fragment, up to a space, a quote or an angle bracket. */
  private static final Pattern URL =
      Pattern.compile(
          "\\b([A-Za-z][A-Za-z0-9+.-]*://)([^\\s/?#\"'<>`]*)([^\\s?#\"'<>`]*)"
              + "(\\?[^\\s#\"'<>`]*)?(#[^\\s\"'<>`]*)?");

  /** A bearer token quoted in text, as in {@code Authorization: Bearer abc…}. */
  private static final Pattern BEARER =
      Pattern.compile("\\b([Bb]earer\\s+)[A-Za-z0-9._~+/=-]{8,}");

  private Urls() {}

  static String scrub(String text) {
    if (text.indexOf("://") < 0 && !text.contains("earer")) {
      return text;
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(url(m)));
    }
    m.appendTail(out);
    return BEARER.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(Redactor.MARK));
  }

  /**
   * One value meant to be a URL, scrubbed even when it has no scheme ({@code
   * user:pw@host/path?token=x}): everything up to its last {@code @} before the path, its query and
   * its fragment go.
   */
  static String url(String value) {
    String scrubbed = scrub(value);
    if (scrubbed.contains("://")) {
      return scrubbed;
    }
    Parts parts = Parts.of(value);
    return (parts.userinfo().isEmpty() ? "" : "…@")
        + parts.rest()
        + (parts.query().isEmpty() ? "" : "?…")
        + (parts.fragment().isEmpty() ? "" : "#…");
  }

  /** The user information, query and fragment of a URL (those present, without separators). */
  static List<String> secretParts(String value) {
    Parts parts = Parts.of(value);
    return java.util.stream.Stream.of(parts.userinfo(), parts.query(), parts.fragment())
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A URL cut at its separators, without parsing it (it may be invalid). */
  private record Parts(String userinfo, String rest, String query, String fragment) {
    static Parts of(String url) {
      int hash = url.indexOf('#');
      String fragment = hash < 0 ? "" : url.substring(hash + 1);
      String head = hash < 0 ? url : url.substring(0, hash);
      int question = head.indexOf('?');
      String query = question < 0 ? "" : head.substring(question + 1);
      head = question < 0 ? head : head.substring(0, question);
      int scheme = head.indexOf("://");
      int start = scheme < 0 ? 0 : scheme + 3;
      int slash = head.indexOf('/', start);
      int at = head.lastIndexOf('@', slash < 0 ? head.length() : slash);
      if (at < start) {
        return new Parts("", head, query, fragment);
      }
      return new Parts(head.substring(start, at), head.substring(0, start) + head.substring(at + 1),
          query, fragment);
    }
  }

  private static String url(Matcher m) {
    String authority = m.group(2);
    int at = authority.lastIndexOf('@');
    StringBuilder url = new StringBuilder(m.group(1));
    url.append(at < 0 ? authority : "…@" + authority.substring(at + 1));
    url.append(m.group(3));
    if (m.group(4) != null && m.group(4).length() > 1) {
      url.append("?…");
    }
    if (m.group(5) != null && m.group(5).length() > 1) {
      url.append("#…");
    }
    return url.toString();
  }
}

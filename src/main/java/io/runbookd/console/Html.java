package io.runbookd.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds an HTML document in which every piece of text and every attribute value is escaped:
 * tag and attribute names come from this code, everything else is data. Label values are
 * attacker-controlled, so nothing from the store ever reaches the output unescaped.
 */
final class Html {
  private final StringBuilder out = new StringBuilder(8192);

  /** {@code <tag name="value" …>}; an attribute whose value is null is left out. */
  Html open(String tag, String... attributes) {
    out.append('<').append(tag);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      if (attributes[i + 1] != null) {
        out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
      }
    }
    out.append('>');
    return this;
  }

  Html close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** An element holding only text. */
  Html el(String tag, String text, String... attributes) {
    return open(tag, attributes).text(text).close(tag);
  }

  Html text(String text) {
    out.append(escape(text == null ? "" : text));
    return this;
  }

  /** A link, or the bare text when the address is not a web address (no {@code javascript:}). */
  Html link(String href, String text, String... attributes) {
    Optional<String> safe = safeHref(href);
    if (safe.isEmpty()) {
      return text(text);
    }
    String[] all = new String[attributes.length + 2];
    all[0] = "href";
    all[1] = safe.get();
    System.arraycopy(attributes, 0, all, 2, attributes.length);
    return el("a", text, all);
  }

  /** Markup built elsewhere by another {@link Html}, so already escaped. */
  Html append(Html other) {
    out.append(other.out);
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * The address if it is an absolute http(s) URL or a path on this server ({@code /…}, not
   * {@code //host}); anything else (javascript:, data:, relative tricks) is refused.
   */
  static Optional<String> safeHref(String href) {
    if (href == null || href.isBlank() || href.length() > 4096) {
      return Optional.empty();
    }
    if ((href.startsWith("/") && !href.startsWith("//") && !href.contains("\\")) || href.matches("#[A-Za-z0-9_-]+")) {
      return Optional.of(href);
    }
    try {
      URI uri = new URI(href.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
      return web ? Optional.of(uri.toString()) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

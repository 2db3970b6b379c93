package io.runbookd.http;

import io.runbookd.plugin.Checks;
import io.runbookd.redact.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * An http or https URL in a shape that every parser reads the same way, with the host the client
 * will connect to. Refused: other schemes, user information ({@code 127.0.0.1@evil}), fragments
 * ({@code evil.com#@allowed}), percent-encoded hosts, backslashes, spaces, control and non-ASCII
 * characters, and anything over {@value #MAX_LENGTH} characters. These tricks exist to make a
 * validator and a client disagree about the host, so they are refused rather than normalized.
 *
 * @param uri the URL exactly as it will be requested
 * @param host the host, lower case (an IPv6 literal keeps its brackets)
 * @param port the port, with the scheme's default filled in
 */
public record HttpTarget(URI uri, String host, int port) {
  static final int MAX_LENGTH = 2048;

  public HttpTarget {
    Objects.requireNonNull(uri);
    Objects.requireNonNull(host);
  }

  /** Parses and checks {@code text}; the exception says why it is refused. */
  public static HttpTarget parse(String text) throws UrlRefusedException {
    plainText(text);
    try {
      return of(new URI(text));
    } catch (URISyntaxException e) {
      throw refused(text, "is not a valid URL");
    }
  }

  /** Checks an already parsed URL, such as a configured one. */
  public static HttpTarget of(URI uri) throws UrlRefusedException {
    String text = uri.toString();
    plainText(text);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(text, "is not an http or https URL");
    }
    String authority = uri.getRawAuthority();
    if (uri.isOpaque() || authority == null || authority.isEmpty()) {
      throw refused(text, "has no host");
    }
    if (uri.getRawFragment() != null) {
      throw refused(text, "must not have a fragment ('#')");
    }
    if (authority.contains("@") || uri.getRawUserInfo() != null) {
      throw refused(text, "must not carry user information ('user@host')");
    }
    if (authority.contains("%")) {
      throw refused(text, "must not percent-encode its host");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw refused(text, "has no valid host name");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw refused(text, "has an invalid port");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new HttpTarget(uri, uri.getHost().toLowerCase(Locale.ROOT), port);
  }

  /**
   * Where a redirect's {@code Location} leads, if runbookd may follow it: only to the same host
   * (any port), and never from https down to http.
   */
  public HttpTarget redirect(String location) throws UrlRefusedException {
    plainText(location);
    // URI.resolve drops the slash between an empty path and a relative reference.
    URI base = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
    HttpTarget next;
    try {
      next = of(base.resolve(new URI(location)));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw refused(location, "is not a valid redirect location");
    }
    if (!next.host.equals(host)) {
      throw new UrlRefusedException(
          "redirect from " + host + " to another host (" + Checks.clip(next.host) + ") refused");
    }
    if (https() && !next.https()) {
      throw new UrlRefusedException("redirect from https to http on " + host + " refused");
    }
    return next;
  }

  public boolean https() {
    return uri.getScheme().equalsIgnoreCase("https");
  }

  /** The bulkhead and circuit breaker key of calls to this host. */
  public String system() {
    return "http:" + host;
  }

  /**
   * The URL for timelines and messages: without its query, which may carry a token, so {@code
   * https://api.example.com/health?…}.
   */
  public String display() {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?…";
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path + query;
  }

  private static void plainText(String text) throws UrlRefusedException {
    if (text == null || text.isBlank()) {
      throw new UrlRefusedException("must be an http or https URL");
    }
    if (text.length() > MAX_LENGTH) {
      throw refused(text, "is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw refused(text, "contains a space, a control or a non-ASCII character");
      }
      if (c == '\\') {
        throw refused(text, "contains a backslash");
      }
    }
  }

  /**
   * Quotes the refused text without its user information, query and fragment, which may carry a
   * password or a token: the message reaches rule validation, logs and timelines.
   */
  private static UrlRefusedException refused(String text, String reason) {
    return new UrlRefusedException("'" + Checks.clip(Redactor.url(text)) + "' " + reason);
  }
}

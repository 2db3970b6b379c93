package io.runbookd.escalation.pagers;

import io.runbookd.config.Secret;
import java.net.URI;
import java.util.Locale;

/** Checks the endpoints pagers are configured with, at construction, so a bad one stops startup. */
final class Endpoint {
  private Endpoint() {}

  /**
   * PagerDuty, Opsgenie and Slack carry a secret in every request, so they are https only; plain
   * http is allowed to this machine alone (tests, a local relay).
   */
  static URI requireSecure(URI uri, String key) {
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException(key + " must be an absolute http(s) URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean local = scheme.equals("http") && isLoopback(uri.getHost());
    if (!scheme.equals("https") && !local) {
      throw new IllegalArgumentException(key + " must be an https URL (http only to localhost)");
    }
    return uri;
  }

  /** An http(s) URL, with no check on the scheme beyond that (the generic webhook). */
  static URI requireHttp(URI uri, String key) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || !scheme.matches("https?")) {
      throw new IllegalArgumentException(key + " must be an absolute http(s) URL");
    }
    return uri;
  }

  /**
   * Parses a URL that is itself a secret (a Slack webhook). The parser's own message quotes the
   * input, so it is neither kept nor chained.
   */
  static URI parseSecret(Secret url, String key) {
    URI uri;
    try {
      uri = new URI(url.reveal());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(key + " is not a valid URL");
    }
    return requireSecure(uri, key);
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]");
  }
}

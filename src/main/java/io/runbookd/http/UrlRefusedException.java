package io.runbookd.http;

import io.runbookd.plugin.RefusedException;

/**
 * A URL runbookd will not call: malformed, not http(s), shaped to confuse a parser (user
 * information, fragments, percent-encoded hosts, backslashes), on a host outside {@code
 * http.allowedHosts}, or a redirect leaving the host. The message is the reason; the URL it quotes
 * is clipped.
 */
public final class UrlRefusedException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public UrlRefusedException(String message) {
    super(message);
  }
}

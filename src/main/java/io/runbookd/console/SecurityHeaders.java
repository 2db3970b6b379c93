package io.runbookd.console;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every console answer carries. The policy allows scripts and styles only from this
 * server's own files (no inline script, no inline style, no eval), connections only back to it,
 * forms only to it, and no framing: an escaped label that somehow broke out of its text still
 * could not run.
 */
final class SecurityHeaders {
  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private SecurityHeaders() {}

  static void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    response.putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own form
        // posts, and the origin check needs the real one. Other sites still get no referrer.
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Cross-Origin-Resource-Policy", "same-origin")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (Sessions.secure(ctx)) {
      response.putHeader("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }
}

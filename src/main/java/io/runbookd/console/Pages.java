package io.runbookd.console;

import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/** How console answers are sent, and the origin check every form post passes. */
final class Pages {
  private Pages() {}

  static void html(RoutingContext ctx, int status, String body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store").end(body);
  }

  /** 303 See Other: after a post, the browser loads the page with a GET. */
  static void redirect(RoutingContext ctx, String path) {
    ctx.response().setStatusCode(303).putHeader("Location", path).putHeader("Cache-Control", "no-store").end();
  }

  /**
   * A second line behind the CSRF token: browsers say where a request comes from ({@code
   * Sec-Fetch-Site}, {@code Origin}); when they do, it must be this console: the {@code Host} the
   * request names, or the {@code X-Forwarded-Host} a reverse proxy passes on. Clients that say
   * nothing still need the token.
   */
  static boolean sameOrigin(RoutingContext ctx) {
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return true;
    }
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null) {
        return false;  // "Origin: null": a sandboxed frame, a redirect chain, a file
      }
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return authority.equalsIgnoreCase(String.valueOf(ctx.request().getHeader("Host")))
          || authority.equalsIgnoreCase(String.valueOf(ctx.request().getHeader("X-Forwarded-Host")));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

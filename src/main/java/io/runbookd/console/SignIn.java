package io.runbookd.console;

import io.runbookd.api.Access;
import io.runbookd.api.Who;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in with the admin or the read token, and out. The sign-in form is itself protected from
 * cross-site posting: it carries a token derived from a short-lived random cookie set with it.
 */
final class SignIn {
  private static final Logger log = LoggerFactory.getLogger(SignIn.class);
  static final String COOKIE = "runbookd_signin";
  private static final Duration FORM_LIFETIME = Duration.ofMinutes(30);

  private final Access access;
  private final Sessions sessions;
  private final Keys keys;
  private final Layout layout;

  SignIn(Access access, Sessions sessions, Keys keys, Layout layout) {
    this.access = access;
    this.sessions = sessions;
    this.keys = keys;
    this.layout = layout;
  }

  void form(RoutingContext ctx) {
    String nonce = keys.nonce();
    ctx.response().addCookie(Sessions.cookie(COOKIE, nonce, Sessions.secure(ctx), FORM_LIFETIME));
    Pages.html(ctx, 200, layout.bare("Sign in", page(formToken(nonce), next(ctx), Optional.empty())));
  }

  void submit(RoutingContext ctx) {
    Cookie nonce = ctx.request().getCookie(COOKIE);
    String presented = ctx.request().getFormAttribute("csrf");
    if (nonce == null || presented == null || !Keys.equal(formToken(nonce.getValue()), presented)
        || !Pages.sameOrigin(ctx)) {
      Pages.html(ctx, 403, layout.bare("Sign in", Forms.refused("Sign-in refused",
          "The form was not this console's, or it expired. Reload the sign-in page and try again.",
          "/console/sign-in")));
      return;
    }
    Optional<Access.Role> role = access.tokenRole(ctx.request().getFormAttribute("token"));
    Optional<String> name = Who.name(ctx.request().getFormAttribute("name"));
    if (role.isEmpty() || name.isEmpty()) {
      log.info("console sign-in refused from {}: {}", ctx.request().remoteAddress().hostAddress(),
          role.isEmpty() ? "no such token" : "no usable name");
      ctx.response().addCookie(Sessions.cookie(COOKIE, nonce.getValue(), Sessions.secure(ctx), FORM_LIFETIME));
      Pages.html(ctx, 401, layout.bare("Sign in", page(formToken(nonce.getValue()), next(ctx), Optional.of(
          role.isEmpty() ? "That token is neither api.token nor api.readToken." : "Give a name: letters, digits,"
              + " spaces and @ . _ - (at most 128)."))));
      return;
    }
    ctx.response().addCookie(sessions.issue(role.get(), name.get(), Sessions.secure(ctx)));
    ctx.response().addCookie(Sessions.cookie(COOKIE, "", Sessions.secure(ctx), Duration.ZERO));
    log.info("console sign-in: {} as {}", name.get(), role.get().name().toLowerCase(java.util.Locale.ROOT));
    Pages.redirect(ctx, next(ctx));
  }

  void signOut(RoutingContext ctx) {
    ctx.response().addCookie(Sessions.ended(Sessions.secure(ctx)));
    Pages.redirect(ctx, "/console/sign-in");
  }

  private String formToken(String nonce) {
    return Keys.b64(keys.mac(keys.installKey(), "sign-in\n" + nonce));
  }

  /** Where to go after signing in: a path of this console, never another site. */
  static String next(RoutingContext ctx) {
    String next = ctx.request().getParam("next");
    if (next == null) {
      next = ctx.request().getFormAttribute("next");
    }
    return next != null && next.matches("/(console/[A-Za-z0-9/_.-]*)?(\\?[A-Za-z0-9=&_.%-]*)?") ? next : "/";
  }

  private Html page(String token, String next, Optional<String> problem) {
    Html html = new Html();
    html.el("h1", "Sign in to runbookd");
    if (!access.tokensConfigured()) {
      return html.el("p", "No token is configured, so the console answers only on the daemon's own machine"
          + " (loopback). Set api.readToken (read-only) or api.token (decides) to sign in from elsewhere.");
    }
    html.el("p", "The admin token (api.token) reads and decides; the read token (api.readToken) only reads.");
    problem.ifPresent(p -> html.el("p", p, "class", "problem", "role", "alert"));
    html.open("form", "method", "post", "action", "/console/sign-in", "class", "sign-in");
    html.open("input", "type", "hidden", "name", "csrf", "value", token);
    html.open("input", "type", "hidden", "name", "next", "value", next);
    html.open("label", "for", "name").text("Your name (recorded with your decisions)").close("label");
    html.open("input", "id", "name", "name", "name", "type", "text", "autocomplete", "username", "required", "",
        "maxlength", "128", "autofocus", "");
    html.open("label", "for", "token").text("Token").close("label");
    html.open("input", "id", "token", "name", "token", "type", "password", "autocomplete", "current-password",
        "required", "");
    html.el("button", "Sign in", "type", "submit", "class", "button");
    return html.close("form");
  }
}

package io.runbookd.api;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Who a request is, asked in one place: the read gate in front of every {@code GET /api/v1/…},
 * the admin endpoints, the console's sign-in. The admin token ({@code api.token}) reads and
 * decides; the read token ({@code api.readToken}) reads; a console session carries the role it
 * was signed in with. With neither token configured, only loopback peers read.
 */
public final class Access {
  /** What a caller may do. */
  public enum Role {
    READ,
    ADMIN
  }

  /** Reads a console session off a request (the console's signed cookie). */
  @FunctionalInterface
  public interface Sessions {
    Optional<Role> role(RoutingContext ctx);

    static Sessions none() {
      return ctx -> Optional.empty();
    }
  }

  private final Optional<Secret> admin;
  private final Optional<Secret> read;
  private final Sessions sessions;

  public Access(RunbookdConfig.Api api, Sessions sessions) {
    this.admin = api.token();
    this.read = api.readToken();
    this.sessions = sessions;
  }

  /** Whether any token is configured; without one, reads are for loopback peers only. */
  public boolean tokensConfigured() {
    return admin.isPresent() || read.isPresent();
  }

  public boolean adminConfigured() {
    return admin.isPresent();
  }

  /** The role a presented token grants, compared in constant time. */
  public Optional<Role> tokenRole(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    if (admin.isPresent() && admin.get().matches(token)) {
      return Optional.of(Role.ADMIN);
    }
    return read.isPresent() && read.get().matches(token) ? Optional.of(Role.READ) : Optional.empty();
  }

  /** The role of the request's {@code Authorization: Bearer} token, if it carries a valid one. */
  public Optional<Role> bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return tokenRole(header.substring(7).trim());
  }

  /** A bearer token's role, else a console session's, else READ for a loopback peer when no token is set. */
  public Optional<Role> role(RoutingContext ctx) {
    Optional<Role> role = bearer(ctx).or(() -> sessions.role(ctx));
    if (role.isPresent()) {
      return role;
    }
    return !tokensConfigured() && loopback(ctx) ? Optional.of(Role.READ) : Optional.empty();
  }

  /**
   * Puts the read gate in front of every GET (and HEAD) under {@code /api/v1/}, before any route
   * mounted there now or later; other methods pass on to their routes, which ask for the admin role.
   */
  public void mountReadGate(Router router) {
    router.route("/api/v1/*").order(-1).handler(this::gate);
  }

  private void gate(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || role(ctx).isPresent()) {
      ctx.next();
      return;
    }
    if (!tokensConfigured()) {
      Answers.json(ctx, 403, Answers.error("the read API answers only loopback requests while neither api.token"
          + " nor api.readToken is set", "Authorization"));
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"runbookd\"");
    Answers.json(ctx, 401, Answers.error("missing or invalid bearer token (api.readToken or api.token)",
        "Authorization"));
  }

  /** Whether the peer's address is a loopback address (127.0.0.0/8, ::1); never read from a header. */
  public static boolean loopback(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    return loopback(peer == null ? null : peer.hostAddress());
  }

  /** Whether a literal IP address is a loopback one; anything else (a name, nothing) is not. */
  static boolean loopback(String address) {
    if (address == null) {
      return false;
    }
    String v4 = address.startsWith("::ffff:") ? address.substring(7) : address;
    return v4.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || address.equals("::1")
        || address.equals("0:0:0:0:0:0:0:1");
  }
}

package io.runbookd.console;

import io.runbookd.api.Access;
import io.runbookd.api.Access.Role;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Console sessions kept by the browser alone: a cookie naming the role, the person's name, an
 * expiry and a random nonce, signed with HMAC-SHA256. The key is derived from the per-install
 * key (stored in the store, so sessions survive a restart and hold on every replica) and from
 * the token of the session's role, so rotating {@code api.token} or {@code api.readToken} ends
 * every session signed in with the old one. The CSRF token is derived from the nonce.
 */
final class Sessions implements Access.Sessions {
  static final String COOKIE = "runbookd_session";
  static final Duration LIFETIME = Duration.ofHours(12);

  /** A signed-in person: what they may do, the name their decisions record, until when. */
  record Session(Role role, String name, Instant expires, String nonce) {
    /** What decisions record as "by". */
    String by() {
      return "console:" + name;
    }
  }

  private final Keys keys;
  private final Map<Role, byte[]> roleKeys = new EnumMap<>(Role.class);
  private final Clock clock;

  Sessions(Keys keys, RunbookdConfig.Api api, Clock clock) {
    this.keys = keys;
    this.clock = clock;
    api.token().ifPresent(t -> roleKeys.put(Role.ADMIN, roleKey(Role.ADMIN, t)));
    api.readToken().ifPresent(t -> roleKeys.put(Role.READ, roleKey(Role.READ, t)));
  }

  private byte[] roleKey(Role role, Secret token) {
    return keys.mac(keys.installKey(), "session\n" + role + "\n" + Keys.sha256Hex(token.reveal()));
  }

  @Override
  public Optional<Role> role(RoutingContext ctx) {
    return read(ctx).map(Session::role);
  }

  /** The request's session, if its cookie is well formed, signed with a current key and not expired. */
  Optional<Session> read(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null ? Optional.empty() : parse(cookie.getValue());
  }

  Optional<Session> parse(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 6 || !parts[0].equals("v1")) {
      return Optional.empty();
    }
    try {
      Role role = Role.valueOf(parts[1]);
      byte[] key = roleKeys.get(role);
      String signed = value.substring(0, value.lastIndexOf('.'));
      if (key == null || !Keys.equal(Keys.b64(keys.mac(key, signed)), parts[5])) {
        return Optional.empty();
      }
      Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
      String name = new String(Base64.getUrlDecoder().decode(parts[4]), StandardCharsets.UTF_8);
      return expires.isAfter(clock.instant()) ? Optional.of(new Session(role, name, expires, parts[3]))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A new session for {@code role} (its token must be configured) and the cookie that carries it. */
  Cookie issue(Role role, String name, boolean secure) {
    Instant expires = clock.instant().plus(LIFETIME);
    String signed = "v1." + role + "." + expires.getEpochSecond() + "." + keys.nonce() + "."
        + Keys.b64(name.getBytes(StandardCharsets.UTF_8));
    String value = signed + "." + Keys.b64(keys.mac(roleKeys.get(role), signed));
    return cookie(COOKIE, value, secure, LIFETIME);
  }

  static Cookie ended(boolean secure) {
    return cookie(COOKIE, "", secure, Duration.ZERO);
  }

  /** The token every state-changing form of this session carries. */
  String csrf(Session session) {
    return Keys.b64(keys.mac(roleKeys.get(session.role()), "csrf\n" + session.nonce()));
  }

  boolean csrfMatches(Session session, String presented) {
    return presented != null && Keys.equal(csrf(session), presented);
  }

  /** HttpOnly, SameSite=Strict, path /, Secure when the browser reached us over TLS. */
  static Cookie cookie(String name, String value, boolean secure, Duration maxAge) {
    return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge.getSeconds());
  }

  /** Over TLS here, or at a proxy that says so: it can only make the cookie stricter. */
  static boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }
}

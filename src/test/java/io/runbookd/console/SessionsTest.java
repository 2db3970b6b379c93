package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.api.Access.Role;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.testing.MutableClock;
import io.vertx.core.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sessions signed with the install key and the role's token: forged, stale or orphaned ones are nothing. */
class SessionsTest {
  private static final RunbookdConfig.Api TOKENS = new RunbookdConfig.Api(
      Optional.of(Secret.of("admin-token-0123456789")), Optional.of(Secret.of("read-token-0123456789")));
  private static final byte[] KEY = new byte[32];

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
  private final Sessions sessions = new Sessions(new Keys(KEY), TOKENS, clock);

  @Test
  void aSessionReadsBackUntilItExpires() {
    String cookie = sessions.issue(Role.ADMIN, "alice", false).getValue();

    assertThat(sessions.parse(cookie)).get().satisfies(s -> {
      assertThat(s.role()).isEqualTo(Role.ADMIN);
      assertThat(s.by()).isEqualTo("console:alice");
    });
    clock.advance(Sessions.LIFETIME.minusSeconds(1));
    assertThat(sessions.parse(cookie)).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.parse(cookie)).isEmpty();
  }

  @Test
  void aReadSessionCannotBeTurnedIntoAnAdminOne() {
    String read = sessions.issue(Role.READ, "bob", false).getValue();

    String promoted = read.replace("v1.READ.", "v1.ADMIN.");
    String renamed = read.replace("." + b64("bob") + ".", "." + b64("alice") + ".");
    String longer = read.replaceFirst("v1\\.READ\\.(\\d+)", "v1.READ.9$1");

    assertThat(sessions.parse(promoted)).isEmpty();
    assertThat(sessions.parse(renamed)).isEmpty();
    assertThat(sessions.parse(longer)).isEmpty();
    assertThat(sessions.parse("v1.ADMIN.99999999999.x.y.z")).isEmpty();
    assertThat(sessions.parse("garbage")).isEmpty();
  }

  @Test
  void anotherInstallOrARotatedTokenEndsEverySession() {
    String cookie = sessions.issue(Role.ADMIN, "alice", false).getValue();
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;

    Sessions otherInstall = new Sessions(new Keys(otherKey), TOKENS, clock);
    Sessions rotated = new Sessions(new Keys(KEY), new RunbookdConfig.Api(
        Optional.of(Secret.of("admin-token-rotated-0123")), TOKENS.readToken()), clock);
    Sessions adminRemoved = new Sessions(new Keys(KEY), new RunbookdConfig.Api(Optional.empty(), TOKENS.readToken()),
        clock);
    Sessions restarted = new Sessions(new Keys(KEY), TOKENS, clock);

    assertThat(otherInstall.parse(cookie)).isEmpty();
    assertThat(rotated.parse(cookie)).isEmpty();
    assertThat(adminRemoved.parse(cookie)).isEmpty();
    assertThat(restarted.parse(cookie)).isPresent();
  }

  @Test
  void theCsrfTokenBelongsToOneSession() {
    Sessions.Session a = sessions.parse(sessions.issue(Role.ADMIN, "alice", false).getValue()).orElseThrow();
    Sessions.Session b = sessions.parse(sessions.issue(Role.ADMIN, "alice", false).getValue()).orElseThrow();

    assertThat(sessions.csrfMatches(a, sessions.csrf(a))).isTrue();
    assertThat(sessions.csrfMatches(a, sessions.csrf(b))).isFalse();
    assertThat(sessions.csrfMatches(a, "")).isFalse();
    assertThat(sessions.csrfMatches(a, null)).isFalse();
  }

  @Test
  void theCookieIsHttpOnlyStrictAndSecureOverTls() {
    Cookie plain = sessions.issue(Role.READ, "bob", false);
    Cookie tls = sessions.issue(Role.READ, "bob", true);

    assertThat(plain.encode()).contains("HTTPOnly").contains("SameSite=Strict").contains("Path=/")
        .contains("Max-Age=43200").doesNotContain("Secure");
    assertThat(tls.encode()).contains("Secure");
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}

package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console and the read API over plain HTTP: security headers, cookies, the CSRF and origin
 * checks of every form post, who may read, and sessions across a restart.
 */
class ConsoleSecurityTest {
  static final String ADMIN = "security-admin-token-0123456789";
  static final String READ = "security-read-token-0123456789";
  private static final Map<String, Object> TOKENS = Map.of("api.token", ADMIN, "api.readToken", READ);

  @TempDir Path dir;

  @Test
  void everyConsoleAnswerCarriesTheSecurityHeaders() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      WebSession web = new WebSession(d);
      String script = web.get("/console/sign-in").body().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");

      for (String path : List.of("/", "/console/sign-in", "/console/status", script, "/console/static/nothing")) {
        HttpResponse<String> answer = web.get(path.replace("&amp;", "&"));

        assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path).contains(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
                + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
        assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
        assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
      }
      assertThat(web.get(script).headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
      assertThat(web.get("/console/sign-in").headers().firstValue("Cache-Control")).contains("no-store");
    }
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictAndSecureBehindTls() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      String plain = new WebSession(d).signIn("alice", ADMIN).sessionCookieHeader();
      String tls = new WebSession(d).forwardedHttps().signIn("alice", ADMIN).sessionCookieHeader();

      assertThat(plain).contains("HTTPOnly").contains("SameSite=Strict").contains("Path=/").contains("Max-Age=43200")
          .doesNotContain("Secure");
      assertThat(tls).contains("Secure");
    }
  }

  @Test
  void aPostWithoutItsSessionsTokenOrFromAnotherOriginChangesNothing() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      WebSession alice = new WebSession(d).signIn("alice", ADMIN);
      WebSession other = new WebSession(d).signIn("alice", ADMIN);
      String form = "reason=stop";

      List<Integer> refused = List.of(
          alice.post("/console/pause", form).statusCode(),
          alice.post("/console/pause", form + "&csrf=not-the-token").statusCode(),
          alice.post("/console/pause", form + "&csrf=" + other.csrf()).statusCode(),
          alice.post("/console/pause", form + "&csrf=" + alice.csrf(), "Origin", "http://evil.example").statusCode(),
          alice.post("/console/pause", form + "&csrf=" + alice.csrf(), "Origin", "null").statusCode(),
          alice.post("/console/pause", form + "&csrf=" + alice.csrf(), "Sec-Fetch-Site", "cross-site").statusCode(),
          new WebSession(d).post("/console/pause", form + "&csrf=" + alice.csrf()).statusCode());

      assertThat(refused).containsExactly(403, 403, 403, 403, 403, 403, 401);
      assertThat(d.get("/api/v1/status").body()).contains("\"paused\":false");
      assertThat(alice.post("/console/pause", form + "&csrf=" + alice.csrf(), "Origin", "http://console.example",
          "X-Forwarded-Host", "console.example").statusCode()).as("behind a proxy").isEqualTo(303);
      assertThat(d.get("/api/v1/status").body()).contains("\"paused\":true").contains("\"pausedBy\":\"console:alice\"");
    }
  }

  @Test
  void signingInNeedsTheFormsTokenAndAValidToken() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      WebSession web = new WebSession(d);

      HttpResponse<String> noForm = web.post("/console/sign-in", "name=eve&token=" + ADMIN);
      HttpResponse<String> wrong = web.startSignIn().post("/console/sign-in",
          "name=eve&token=" + ADMIN + "x&csrf=" + web.signInToken());

      assertThat(noForm.statusCode()).isEqualTo(403);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("neither api.token nor api.readToken");
      assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(Sessions.COOKIE + "="));
    }
  }

  @Test
  void theReadApiNeedsATokenOrASessionAndHealthStaysOpen() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      WebSession reader = new WebSession(d).signIn("bob", READ);

      assertThat(status(d, "/api/v1/incidents", null)).isEqualTo(401);
      assertThat(status(d, "/api/v1/incidents", TestDaemon.TOKEN)).isEqualTo(401);
      assertThat(status(d, "/api/v1/incidents", READ)).isEqualTo(200);
      assertThat(status(d, "/api/v1/rules", ADMIN)).isEqualTo(200);
      assertThat(status(d, "/api/v1/status", READ)).isEqualTo(200);
      assertThat(status(d, "/api/v1/runbooks", null)).as("a route still to come is gated too").isEqualTo(401);
      assertThat(reader.get("/api/v1/incidents").statusCode()).isEqualTo(200);
      for (String open : List.of("/healthz", "/readyz", "/metrics")) {
        assertThat(status(d, open, null)).as(open).isEqualTo(200);
      }
      HttpResponse<String> readerPauses = d.send(HttpRequest.newBuilder(d.uri("/api/v1/pause"))
          .header("Authorization", "Bearer " + READ).POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(readerPauses.statusCode()).isEqualTo(403);
      assertThat(reader.post("/console/pause", "reason=x&csrf=" + reader.csrf()).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void withoutTokensOnlyLoopbackReadsAndNothingCanBeChanged() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of())) {
      WebSession web = new WebSession(d);

      HttpResponse<String> page = web.get("/");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("loopback · read-only").doesNotContain("Pause all actions");
      assertThat(status(d, "/api/v1/incidents", null)).isEqualTo(200);
      assertThat(web.post("/console/pause", "reason=x").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void sessionsSurviveARestartAndEndWhenTheirTokenChanges() {
    String cookie;
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      cookie = new WebSession(d).signIn("alice", ADMIN).sessionCookie();
    }

    try (TestDaemon restarted = TestDaemon.start(StoreKind.SQLITE.config(dir), TOKENS)) {
      assertThat(new WebSession(restarted).withCookie(cookie).get("/").statusCode()).isEqualTo(200);
    }
    try (TestDaemon rotated = TestDaemon.start(StoreKind.SQLITE.config(dir),
        Map.of("api.token", ADMIN + "-rotated", "api.readToken", READ))) {
      HttpResponse<String> answer = new WebSession(rotated).withCookie(cookie).get("/");

      assertThat(answer.statusCode()).isEqualTo(303);
      assertThat(answer.headers().firstValue("Location")).contains("/console/sign-in");
    }
  }

  private static int status(TestDaemon d, String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(d.uri(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return d.send(request.build()).statusCode();
  }
}

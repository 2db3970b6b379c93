package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser's part of the console conversation over plain HTTP: cookies, forms, tokens. */
final class WebSession {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private final TestDaemon daemon;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String sessionSetCookie = "";
  private String signInToken = "";
  private boolean https;

  WebSession(TestDaemon daemon) {
    this.daemon = daemon;
  }

  /** Requests say they came through a TLS-terminating proxy. */
  WebSession forwardedHttps() {
    https = true;
    return this;
  }

  WebSession withCookie(String session) {
    cookies.put(Sessions.COOKIE, session);
    return this;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(daemon.uri(path)).GET());
  }

  HttpResponse<String> post(String path, String form, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(daemon.uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    if (https) {
      request.header("X-Forwarded-Proto", "https");
    }
    HttpResponse<String> answer = daemon.send(request.build());
    for (String set : answer.headers().allValues("Set-Cookie")) {
      String pair = set.split(";", 2)[0];
      String name = pair.substring(0, pair.indexOf('='));
      if (set.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, pair.substring(pair.indexOf('=') + 1));
      }
      if (name.equals(Sessions.COOKIE)) {
        sessionSetCookie = set;
      }
    }
    return answer;
  }

  /** Loads the sign-in form: its cookie is kept, its token remembered. */
  WebSession startSignIn() {
    signInToken = csrfOf(get("/console/sign-in").body());
    return this;
  }

  String signInToken() {
    return signInToken;
  }

  WebSession signIn(String name, String token) {
    startSignIn();
    HttpResponse<String> answer = post("/console/sign-in", "name=" + name + "&token=" + token + "&csrf=" + signInToken);
    assertThat(answer.statusCode()).as("sign-in").isEqualTo(303);
    return this;
  }

  String sessionCookieHeader() {
    return sessionSetCookie;
  }

  String sessionCookie() {
    return cookies.get(Sessions.COOKIE);
  }

  /** The CSRF token of this session's forms, read off a page. */
  String csrf() {
    return csrfOf(get("/").body());
  }

  private static String csrfOf(String page) {
    Matcher m = CSRF.matcher(page);
    return m.find() ? m.group(1) : "";
  }
}

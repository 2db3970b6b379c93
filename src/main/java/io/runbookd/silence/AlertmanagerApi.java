package io.runbookd.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runbookd.config.Secret;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.http.HttpAnswer;
import io.runbookd.http.HttpTarget;
import io.runbookd.http.JsonBodies;
import io.runbookd.http.UrlRefusedException;
import io.runbookd.rules.SafeText;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Alertmanager's API v2 for silences: create ({@code POST /api/v2/silences}), list ({@code GET
 * /api/v2/silences}) and expire ({@code DELETE /api/v2/silence/{id}}). Every call is bounded; the
 * token goes to the configured Alertmanagers only. A 4xx on create is {@link AlertmanagerRefused}
 * (nothing was created); any other failure is an {@link IOException}: the silence may or may not
 * exist, which only a listing can tell.
 */
public final class AlertmanagerApi {
  static final String CREATED_BY = "runbookd";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_LIST = 16 << 20;
  private static final int MAX_ANSWER = 64 << 10;
  private static final Pattern SILENCE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final Optional<Secret> token;
  private final BlockingHttp get;
  private final BlockingPost send;
  private final ObjectMapper json = new ObjectMapper();
  private final JsonBodies bodies = new JsonBodies();

  public AlertmanagerApi(Optional<Secret> token, BlockingHttp get, BlockingPost send) {
    this.token = token;
    this.get = get;
    this.send = send;
  }

  /** Creates the silence; returns its id. */
  String create(HttpTarget am, NewSilence silence)
      throws AlertmanagerRefused, IOException, InterruptedException {
    ObjectNode body = json.createObjectNode();
    body.set("matchers", silence.matchers().json(json));
    body.put("startsAt", silence.startsAt().toString())
        .put("endsAt", silence.endsAt().toString())
        .put("createdBy", CREATED_BY)
        .put("comment", silence.comment());
    HttpAnswer answer = send.postJson(at(am, "/api/v2/silences"), json.writeValueAsBytes(body), headers(),
        TIMEOUT, MAX_ANSWER);
    if (answer.status() >= 400 && answer.status() < 500) {
      throw new AlertmanagerRefused("Alertmanager answered " + answer.status() + ": " + excerpt(answer));
    }
    JsonNode id = bodies.parse(answer).map(n -> n.path("silenceID")).orElse(null);
    if (answer.status() != 200 || id == null || !SILENCE_ID.matcher(id.asText()).matches()) {
      throw new IOException("POST " + am.display() + "/api/v2/silences answered " + answer.status() + ": "
          + excerpt(answer));
    }
    return id.asText();
  }

  /** Every silence Alertmanager holds (expired ones until it forgets them). */
  List<ListedSilence> list(HttpTarget am) throws IOException, InterruptedException {
    HttpAnswer answer = fetch(at(am, "/api/v2/silences"), MAX_LIST);
    Optional<JsonNode> array = bodies.parse(answer).filter(JsonNode::isArray);
    if (answer.status() != 200 || array.isEmpty()) {
      throw new IOException("GET " + am.display() + "/api/v2/silences answered " + answer.status()
          + (answer.truncated() ? " (over " + MAX_LIST + " bytes)" : ": " + excerpt(answer)));
    }
    List<ListedSilence> out = new ArrayList<>();
    for (JsonNode s : array.get()) {
      out.add(new ListedSilence(s.path("id").asText(), s.path("status").path("state").asText(),
          s.path("createdBy").asText(), s.path("comment").asText()));
    }
    return out;
  }

  /**
   * Expires the silence; returns normally once Alertmanager no longer holds it active (expired
   * now or before, or unknown to it).
   */
  void expire(HttpTarget am, String silenceId) throws IOException, InterruptedException {
    HttpTarget one = at(am, "/api/v2/silence/" + checked(silenceId));
    HttpAnswer deleted = send.sendJson("DELETE", one, new byte[0], headers(), TIMEOUT, MAX_ANSWER);
    if (deleted.status() / 100 == 2 || deleted.status() == 404) {
      return;
    }
    // Alertmanager 0.25 answers an unknown id with 500 "silence not found": ask what it holds.
    HttpAnswer found = fetch(one, MAX_ANSWER);
    boolean gone = found.status() == 404
        || (found.status() == 200 && bodies.parse(found).map(n -> n.path("status").path("state").asText())
            .filter("expired"::equals).isPresent());
    if (!gone) {
      throw new IOException("DELETE " + one.display() + " answered " + deleted.status() + ": " + excerpt(deleted));
    }
  }

  private HttpAnswer fetch(HttpTarget target, int maxBytes) throws IOException, InterruptedException {
    try {
      return get.get(target, headers(), TIMEOUT, maxBytes);
    } catch (UrlRefusedException e) {
      throw new IOException("GET " + target.display() + ": " + e.getMessage(), e);
    }
  }

  private static String checked(String silenceId) throws IOException {
    if (!SILENCE_ID.matcher(silenceId).matches()) {
      throw new IOException("not a silence id: '" + SafeText.of(silenceId, 64) + "'");
    }
    return silenceId;
  }

  private Map<String, String> headers() {
    return token.map(t -> Map.of("Authorization", "Bearer " + t.reveal())).orElse(Map.of());
  }

  /** {@code path} under the Alertmanager's base URL (a route prefix such as /alertmanager kept). */
  static HttpTarget at(HttpTarget am, String path) {
    URI base = am.uri();
    String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    return new HttpTarget(URI.create(base.getScheme() + "://" + base.getRawAuthority() + prefix + path),
        am.host(), am.port());
  }

  /** A configured Alertmanager URL as a target; refused ones are configuration errors. */
  public static HttpTarget target(URI url) {
    try {
      return HttpTarget.of(url);
    } catch (UrlRefusedException e) {
      throw new IllegalArgumentException("alertmanager.url: " + e.getMessage(), e);
    }
  }

  private static String excerpt(HttpAnswer answer) {
    return SafeText.of(new String(answer.body(), StandardCharsets.UTF_8), 200);
  }
}

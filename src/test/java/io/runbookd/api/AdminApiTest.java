package io.runbookd.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoints over HTTP: the token, the kill switch, approvals, acknowledgements. */
class AdminApiTest {
  private static final String API = "admin-token-0123456789abcdef";

  @TempDir Path dir;

  private static HttpResponse<String> post(TestDaemon d, String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(d.uri(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return d.send(b.build());
  }

  @Test
  void pauseIsDurableAndShownUntilResumed() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("api.token", API))) {

      HttpResponse<String> paused = post(d, "/api/v1/pause", API, "{\"by\":\"alice\"}");

      assertThat(paused.statusCode()).isEqualTo(200);
      assertThat(paused.body()).contains("\"paused\":true").contains("\"by\":\"alice\"");
      assertThat(d.get("/api/v1/status").body()).contains("\"paused\":true");
      assertThat(post(d, "/api/v1/resume", API, "").statusCode()).isEqualTo(200);
      assertThat(d.get("/api/v1/status").body()).contains("\"paused\":false");
    }
  }

  @Test
  void adminCallsNeedTheApiToken() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("api.token", API))) {

      assertThat(post(d, "/api/v1/pause", null, "").statusCode()).isEqualTo(401);
      assertThat(post(d, "/api/v1/pause", API + "x", "").statusCode()).isEqualTo(401);
      assertThat(post(d, "/api/v1/pause", TestDaemon.TOKEN, "").statusCode()).isEqualTo(401);
      assertThat(d.get("/api/v1/status").body()).contains("\"paused\":false");
    }
  }

  @Test
  void withoutAnApiTokenAdminEndpointsAreOff() {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of())) {

      HttpResponse<String> answer = post(d, "/api/v1/pause", "anything", "");

      assertThat(answer.statusCode()).isEqualTo(403);
      assertThat(answer.body()).contains("set api.token");
    }
  }

  @Test
  void approvingAnUnknownIncidentIsNotFoundAndOneWaitingForNothingIsAConflict() throws Exception {
    try (TestDaemon d = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("api.token", API))) {
      String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.postWebhook(
          java.nio.file.Files.readString(java.nio.file.Path.of("examples/unmatched.json"))).body())
          .get("incidents").get(0).asText();

      HttpResponse<String> unknown = post(d, "/api/v1/incidents/inc-0000/approve", API, "");
      HttpResponse<String> ack = post(d, "/api/v1/incidents/inc-0000/ack", API, "");
      HttpResponse<String> nothingWaits = post(d, "/api/v1/incidents/" + id + "/approve", API, "");

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("no such incident inc-0000");
      assertThat(ack.statusCode()).isEqualTo(404);
      assertThat(nothingWaits.statusCode()).isEqualTo(409);
      assertThat(nothingWaits.body()).contains("nothing waits for approval: the incident is unmatched");
    }
  }
}

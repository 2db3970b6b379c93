package io.runbookd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.testing.Payloads;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a webhook can be refused: the status, the field named, and nothing stored. */
class WebhookRejectionTest {
  private static final String VALID =
      Payloads.alert("HighErrorRate", "3f2a9c41d87b05e6", "2025-10-12T14:03:27Z", "0.12");

  @TempDir static Path dir;
  private static TestDaemon daemon;

  @BeforeAll
  static void start() {
    daemon =
        TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of("webhook.maxBodyBytes", "4MiB"));
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        bad("not JSON at all", "hello", 400, "$"),
        bad("truncated JSON", "{\"version\":\"4\",\"alerts\":[", 400, "alerts"),
        bad("JSON array at the top", "[1,2]", 400, "$"),
        bad("version is a number", envelope("\"version\":4"), 400, "version"),
        bad("version 3", envelope("\"version\":\"3\""), 400, "version"),
        bad("no version", envelope(null), 400, "version"),
        bad("missing alerts", "{\"version\":\"4\",\"status\":\"firing\",\"groupKey\":\"g\"}", 400, "alerts"),
        bad("alerts is an object", body("\"alerts\":{}"), 400, "alerts"),
        bad("alerts is empty", body("\"alerts\":[]"), 400, "alerts"),
        bad("envelope status unknown", Payloads.group(VALID).replace("\"status\":\"firing\",\"receiver\"", "\"status\":\"burning\",\"receiver\""), 400, "status"),
        bad("negative truncatedAlerts", Payloads.group(VALID).replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":-1"), 400, "truncatedAlerts"),
        bad("commonLabels is a list", Payloads.group(VALID).replace("\"commonLabels\":{}", "\"commonLabels\":[]"), 400, "commonLabels"),
        bad("only alert has a bad startsAt", Payloads.group(VALID.replace("2025-10-12T14:03:27Z", "yesterday")), 400, "alerts[0].startsAt"),
        bad("only alert has the zero startsAt", Payloads.group(VALID.replace("2025-10-12T14:03:27Z", "0001-01-01T00:00:00Z")), 400, "alerts[0].startsAt"),
        bad("label value is a number", Payloads.group(VALID.replace("\"namespace\":\"nba-mcp\"", "\"namespace\":7")), 400, "alerts[0].labels.namespace"),
        bad("no alertname", Payloads.group(VALID.replace("\"alertname\":\"HighErrorRate\",", "")), 400, "alerts[0].labels.alertname"),
        bad("no fingerprint", Payloads.group(VALID.replace(",\"fingerprint\":\"3f2a9c41d87b05e6\"", "")), 400, "alerts[0].fingerprint"),
        bad("fingerprint with free text", Payloads.group(VALID.replace("3f2a9c41d87b05e6", "a b/../c")), 400, "alerts[0].fingerprint"),
        bad("alert status unknown", Payloads.group(VALID.replace("{\"status\":\"firing\"", "{\"status\":\"maybe\"")), 400, "alerts[0].status"),
        bad("duplicate key", Payloads.group(VALID).replace("{\"version\":\"4\"", "{\"version\":\"4\",\"version\":\"4\""), 400, "version"),
        bad("deep nesting", Payloads.group(VALID).replace("\"receiver\":\"runbookd\"", "\"x\":" + "[".repeat(200) + "]".repeat(200)), 400, null),
        bad("huge string", Payloads.group(VALID).replace("\"receiver\":\"runbookd\"", "\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\""), 400, "x"));
  }

  private static String envelope(String version) {
    String base = Payloads.group(VALID).replace("\"version\":\"4\",", "");
    return version == null ? base : base.replaceFirst("\\{", "{" + version + ",");
  }

  private static String body(String alerts) {
    return "{\"version\":\"4\",\"status\":\"firing\",\"groupKey\":\"g\"," + alerts + "}";
  }

  private static Arguments bad(String name, String body, int status, String field) {
    return Arguments.of(name, body, status, field);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void rejectsWithFieldAndStoresNothing(String name, String body, int status, String field) {
    HttpResponse<String> response = daemon.postWebhook(body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    if (field != null) {
      assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }
    assertThat(response.body()).contains("\"error\":");
    assertNothingStored();
  }

  @Test
  void rejectsMissingToken() {
    HttpResponse<String> response =
        daemon.send(request("application/json").build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    assertNothingStored();
  }

  @Test
  void rejectsWrongToken() {
    HttpResponse<String> response =
        daemon.send(
            request("application/json").header("Authorization", "Bearer " + TestDaemon.TOKEN + "x").build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertNothingStored();
  }

  @Test
  void rejectsBasicAuthCarryingTheToken() {
    HttpResponse<String> response =
        daemon.send(
            request("application/json").header("Authorization", "Basic " + TestDaemon.TOKEN).build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertNothingStored();
  }

  @Test
  void rejectsBodiesThatAreNotJson() {
    HttpResponse<String> response =
        daemon.send(
            request("application/x-www-form-urlencoded")
                .header("Authorization", "Bearer " + TestDaemon.TOKEN)
                .build());

    assertThat(response.statusCode()).isEqualTo(415);
    assertNothingStored();
  }

  private static HttpRequest.Builder request(String contentType) {
    return HttpRequest.newBuilder(daemon.uri("/webhook/alertmanager"))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(Payloads.group(VALID)));
  }

  static void assertNothingStored() {
    assertThat(daemon.get("/api/v1/incidents").body()).isEqualTo("[]");
  }
}

package io.runbookd.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets put in configuration never appear in logs, timelines, pages, API answers or any cell
 * of the store: a canary in every secret, searched for everywhere after alerts went through the
 * whole daemon.
 */
class SecretsCanaryTest {
  private static final String CANARY = "CANARY7f3a9c1e5b2d4f60";
  /** PagerDuty integration keys are 32 characters. */
  private static final String PAGERDUTY_KEY = "pd-" + CANARY + "-000000";

  @TempDir Path dir;

  @Test
  void noSecretLeavesThroughLogsTimelinesPagesOrTheApi() throws Exception {
    WireMockServer pagers = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    pagers.start();
    pagers.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202).withBody("ok")));
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    Map<String, Object> secrets = new LinkedHashMap<>();
    secrets.put("api.token", "api-" + CANARY);
    secrets.put("pagers.pagerduty.url", pagers.baseUrl() + "/v2/enqueue");
    secrets.put("pagers.pagerduty.routingKey", PAGERDUTY_KEY);
    secrets.put("pagers.slack.webhookUrl", pagers.baseUrl() + "/services/T0/B0/" + CANARY);
    secrets.put("pagers.webhook.url", pagers.baseUrl() + "/hook");
    secrets.put("pagers.webhook.authorization", "Bearer hook-" + CANARY);
    secrets.put("datasources.nba_stats.password", "db-" + CANARY);
    secrets.put("api.readToken", "read-" + CANARY);
    secrets.put("mlflow.token", "mlflow-" + CANARY);
    List<String> answers = new ArrayList<>();
    try (TestDaemon daemon = TestDaemon.start(StoreKind.SQLITE.config(dir), secrets)) {
      String id = firstId(daemon.postWebhook(Files.readString(Path.of("examples/high-error-rate.json"))).body());
      for (String example : List.of("unmatched", "slow-database-queries", "high-cpu-usage", "data-drift")) {
        daemon.postWebhook(Files.readString(Path.of("examples/" + example + ".json")));
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> pagers.findAll(anyRequestedFor(anyUrl())).size() >= 3);
      await().atMost(Duration.ofSeconds(90)).until(() -> diagnosed(daemon));
      for (String path : List.of("/api/v1/incidents", "/api/v1/incidents/" + id, "/api/v1/status",
          "/api/v1/rules", "/metrics")) {
        answers.add(daemon.get(path).body());
      }
      answers.add(daemon.send(HttpRequest.newBuilder(daemon.uri("/api/v1/pause"))
          .header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.noBody()).build()).body());
    } finally {
      root.detachAppender(logs);
      pagers.stop();
    }

    assertThat(answers).noneMatch(a -> a.contains(CANARY));
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains(CANARY)
        || (e.getThrowableProxy() != null && e.getThrowableProxy().getMessage() != null
            && e.getThrowableProxy().getMessage().contains(CANARY)));
    List<LoggedRequest> sent = pagers.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).isNotEmpty();
    for (LoggedRequest request : sent) {
      String body = request.getBodyAsString().replace("\"routing_key\":\"" + PAGERDUTY_KEY + "\"", "");
      assertThat(body).as("a page's content").doesNotContain(CANARY);
    }
    assertThat(StoredText.containing(dir.resolve("runbookd.db"), List.of(CANARY, TestDaemon.TOKEN)))
        .as("cells of the store holding a configured secret").isEmpty();
  }

  /** Every incident is past its diagnosis: its probes' step records are in the store. */
  private static boolean diagnosed(TestDaemon daemon) throws Exception {
    var incidents = new ObjectMapper().readTree(daemon.get("/api/v1/incidents").body());
    boolean all = incidents.size() >= 5;
    for (var incident : incidents) {
      all &= !List.of("matched", "diagnosing").contains(incident.get("status").asText());
    }
    return all;
  }

  private static String firstId(String body) throws Exception {
    return new ObjectMapper().readTree(body).get("incidents").get(0).asText();
  }
}

package io.runbookd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.testing.Payloads;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Intake through the real HTTP server, against both stores. */
class WebhookIntakeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void storesValidSiblingsOfAPoisonAlert(StoreKind store) throws Exception {
    String good1 = Payloads.alert("HighErrorRate", "000000000000000a", "2025-10-12T14:03:27Z", "0.12");
    String poison = Payloads.alert("HighErrorRate", "000000000000000b", "not-a-time", "0.12");
    String good2 = Payloads.alert("SlowDatabaseQueries", "000000000000000c", "2025-10-12T14:03:27Z", "2.5");
    String noName = Payloads.alert("HighErrorRate", "000000000000000d", "2025-10-12T14:03:27Z", "0.2")
        .replace("\"alertname\":\"HighErrorRate\",", "");
    try (TestDaemon daemon = TestDaemon.start(store, dir)) {

      HttpResponse<String> response = daemon.postWebhook(Payloads.group(good1, poison, good2, noName));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("accepted").asInt()).isEqualTo(2);
      assertThat(body.get("rejected")).hasSize(2);
      assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
      assertThat(body.get("rejected").get(0).get("field").asText()).isEqualTo("alerts[1].startsAt");
      assertThat(body.get("rejected").get(1).get("field").asText()).isEqualTo("alerts[3].labels.alertname");
      JsonNode incidents = JSON.readTree(daemon.get("/api/v1/incidents").body());
      assertThat(incidents).hasSize(2);
      Set<String> fingerprints = new HashSet<>();
      incidents.forEach(i -> fingerprints.add(i.get("fingerprint").asText()));
      assertThat(fingerprints).containsExactlyInAnyOrder("000000000000000a", "000000000000000c");
      assertThat(daemon.get("/metrics").body()).contains("runbookd_alerts_rejected_total 2.0");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void fiftyConcurrentDeliveriesOfOneAlertMakeOneIncident(StoreKind store) throws Exception {
    String payload =
        Payloads.group(Payloads.alert("HighErrorRate", "3f2a9c41d87b05e6", "2025-10-12T14:03:27.117Z", "0.12"));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try (TestDaemon daemon = TestDaemon.start(store, dir)) {
      List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();

      for (int i = 0; i < 50; i++) {
        sent.add(CompletableFuture.supplyAsync(() -> daemon.postWebhook(payload), pool));
      }

      Set<String> ids = new HashSet<>();
      for (CompletableFuture<HttpResponse<String>> f : sent) {
        HttpResponse<String> response = f.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ids.add(JSON.readTree(response.body()).get("incidents").get(0).asText());
      }
      assertThat(ids).hasSize(1);
      JsonNode incidents = JSON.readTree(daemon.get("/api/v1/incidents").body());
      assertThat(incidents).hasSize(1);
      JsonNode detail =
          JSON.readTree(daemon.get("/api/v1/incidents/" + ids.iterator().next()).body());
      List<String> kinds = detail.get("timeline").findValuesAsText("kind");
      assertThat(kinds).startsWith("received", "matched");
      assertThat(kinds.stream().filter(k -> k.equals("received") || k.equals("matched"))).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void resolvedNotificationClosesTheIncident(StoreKind store) throws Exception {
    String firing = Files.readString(Path.of("examples/high-error-rate.json"));
    String resolved = Files.readString(Path.of("examples/resolved-high-error-rate.json"));
    try (TestDaemon daemon = TestDaemon.start(store, dir)) {

      String id = JSON.readTree(daemon.postWebhook(firing).body()).get("incidents").get(0).asText();
      HttpResponse<String> second = daemon.postWebhook(resolved);
      daemon.postWebhook(resolved);

      assertThat(second.statusCode()).isEqualTo(200);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
          JSON.readTree(daemon.get("/api/v1/incidents/" + id).body()).get("status").asText().equals("resolved"));
      JsonNode detail = JSON.readTree(daemon.get("/api/v1/incidents/" + id).body());
      assertThat(detail.get("rule").asText()).isEqualTo("RB-101");
      assertThat(detail.get("endedAt").isNull()).isFalse();
      assertThat(detail.get("firingCount").asInt()).isZero();
      assertThat(detail.get("alerts").get(0).get("endsAt").isNull()).isFalse();
      assertThat(detail.get("timeline").findValuesAsText("kind"))
          .filteredOn(k -> List.of("received", "matched", "alerts").contains(k))
          .containsExactly("received", "matched", "alerts");
      assertThat(detail.get("timeline").findValuesAsText("message"))
          .anyMatch(m -> m.startsWith("resolved: all 1 alerts resolved"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void unmatchedAlertIsRecordedWithItsSeverityPriority(StoreKind store) throws Exception {
    String unmatched = Files.readString(Path.of("examples/unmatched.json"));
    try (TestDaemon daemon = TestDaemon.start(store, dir)) {

      HttpResponse<String> response = daemon.postWebhook(unmatched);

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode incident =
          JSON.readTree(daemon.get("/api/v1/incidents?status=unmatched").body()).get(0);
      assertThat(incident.get("rule").isNull()).isTrue();
      assertThat(incident.get("priority").asText()).isEqualTo("P2");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anIncidentOfMoreThanAHundredAlertsListsAHundredAndCountsThemAll(StoreKind store) throws Exception {
    try (TestDaemon daemon = TestDaemon.start(store, dir)) {

      HttpResponse<String> first = daemon.postWebhook(Payloads.distinct(0, 90));
      HttpResponse<String> second = daemon.postWebhook(Payloads.distinct(90, 60));

      assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
      assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
      String id = JSON.readTree(first.body()).get("incidents").get(0).asText();
      List<String> joined = new ArrayList<>();
      JSON.readTree(second.body()).get("incidents").forEach(n -> joined.add(n.asText()));
      assertThat(joined).as("every alert joined the first delivery's incident").hasSize(60).containsOnly(id);
      JsonNode detail = JSON.readTree(daemon.get("/api/v1/incidents/" + id).body());
      assertThat(detail.get("alertCount").asInt()).isEqualTo(150);
      assertThat(detail.get("alertsListed").asInt()).isEqualTo(100);
      assertThat(detail.get("alerts")).hasSize(100);
      Set<String> listed = new HashSet<>(detail.get("alerts").findValuesAsText("fingerprint"));
      assertThat(listed).as("no alert listed twice").hasSize(100);
    }
  }
}

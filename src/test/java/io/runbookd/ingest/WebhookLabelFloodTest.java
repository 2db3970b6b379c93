package io.runbookd.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A 4 MB alert of 200,000 labels is rejected alone through the real daemon; its sibling is stored. */
class WebhookLabelFloodTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void rejectsTheFloodedAlertByItsLabelsAndStoresItsSibling(StoreKind store) throws Exception {
    String body = BoundedTreeTest.flood(200_000);
    try (TestDaemon daemon = TestDaemon.start(store, dir)) {

      HttpResponse<String> response = daemon.postWebhook(body);

      assertThat(body.length()).isGreaterThan(4_000_000);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.get("accepted").asInt()).isEqualTo(1);
      assertThat(answer.get("rejected")).hasSize(1);
      assertThat(answer.get("rejected").get(0).get("field").asText()).isEqualTo("alerts[0].labels");
      assertThat(answer.get("rejected").get(0).get("error").asText()).contains("more than 128");
      JsonNode incidents = JSON.readTree(daemon.get("/api/v1/incidents").body());
      assertThat(incidents).singleElement()
          .satisfies(i -> assertThat(i.get("fingerprint").asText()).isEqualTo("000000000000000b"));
    }
  }
}

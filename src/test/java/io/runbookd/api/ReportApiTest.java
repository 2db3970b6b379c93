package io.runbookd.api;

import static io.runbookd.api.RunbookApiTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.metrics.Metrics;
import io.runbookd.report.HtmlReport;
import io.runbookd.report.Report;
import io.runbookd.store.ReportStore;
import io.runbookd.store.Store;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stored reports over HTTP: the list, one page as HTML under a policy that runs and loads nothing. */
class ReportApiTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void listsNewestFirstAndServesOnePageWithoutScriptsOrExternalLoads(StoreKind kind) throws Exception {
    RunbookdConfig.Store config = kind.config(dir);
    MutableClock clock = new MutableClock(Instant.parse("2026-01-04T04:00:00Z"));
    String weekly;
    String capacity;
    try (Store store = Store.open(config, clock, Metrics.inMemory())) {
      weekly = store.write(tx -> ReportStore.save(tx, "RB-201", "inc-aaa", "Weekly maintenance", page("Weekly")));
      clock.advance(Duration.ofDays(1));
      capacity = store.write(tx -> ReportStore.save(tx, "RB-202", "inc-bbb", "Capacity plan <January>",
          page("Capacity")));
    }
    try (TestDaemon d = TestDaemon.start(config, Map.of())) {
      JsonNode listed = json(d.get("/api/v1/reports"));
      HttpResponse<String> one = d.get("/api/v1/reports/" + weekly);

      assertThat(listed).extracting(r -> r.path("id").asText()).containsExactly(capacity, weekly);
      assertThat(listed.get(0).toString()).isEqualTo("{\"id\":\"" + capacity + "\",\"runbook\":\"RB-202\","
          + "\"incident\":\"inc-bbb\",\"created\":\"2026-01-05T04:00:00Z\",\"title\":\"Capacity plan <January>\"}");
      assertThat(json(d.get("/api/v1/reports?runbook=RB-201"))).hasSize(1);
      assertThat(json(d.get("/api/v1/reports?limit=1"))).hasSize(1);
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(one.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(one.headers().firstValue("Content-Security-Policy"))
          .contains("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      assertThat(one.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(one.body()).startsWith("<!DOCTYPE html>").contains("<h1>Weekly</h1>");
      assertThat(d.get("/api/v1/reports/rep-000000").statusCode()).isEqualTo(404);
      assertThat(d.get("/api/v1/reports/..%2Fetc").statusCode()).isEqualTo(404);
      assertThat(d.get("/api/v1/reports?limit=0").statusCode()).isEqualTo(400);
      assertThat(d.get("/api/v1/reports?runbook=%3Cx%3E").statusCode()).isEqualTo(400);
    }
  }

  private static String page(String title) {
    return HtmlReport.render(new Report(title, Instant.parse("2026-01-04T04:00:00Z"), List.of(
        new Report.Section("Steps", List.of(new Report.Text("every step ran"))))));
  }
}

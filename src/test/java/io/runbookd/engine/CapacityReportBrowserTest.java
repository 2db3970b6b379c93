package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.aws.AwsClients;
import io.runbookd.config.Mode;
import io.runbookd.forecast.Capacity;
import io.runbookd.forecast.Forecast;
import io.runbookd.forecast.LinearForecast;
import io.runbookd.forecast.Numbers;
import io.runbookd.forecast.Prediction;
import io.runbookd.forecast.Sample;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.ReportStore;
import io.runbookd.testing.Browser;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * RB-202's stored report as a person sees it: built by a dry run of the shipped rule, served by
 * the real daemon at {@code GET /api/v1/reports/{id}} under its Content-Security-Policy, opened in
 * headless Chromium. The page logs no error, and the numbers it shows under the request-rate chart
 * are those of the series Prometheus answered and of the forecast made from it.
 */
class CapacityReportBrowserTest {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  @TempDir Path dir;
  private Browser browser;
  private CapacityStubs stubs;
  private AwsClients aws;
  private DaemonPlugins plugins;

  @RegisterExtension
  final Browser.ScreenshotOnFailure screenshots = new Browser.ScreenshotOnFailure(() -> browser);

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (plugins != null) {
      plugins.close();
    }
    if (aws != null) {
      aws.close();
    }
    if (stubs != null) {
      stubs.close();
    }
  }

  @Test
  void theReportShowsTheSeriesItsForecastAndTheRecommendationWithoutBrowserErrors() throws Exception {
    Browser.assumeInstalled();
    String report = storedReport();
    List<Sample> requests = stubs.requests(181);
    Forecast forecast = LinearForecast.fit(requests, 30, CapacityStubs.DAY);
    Prediction horizon = forecast.horizon().orElseThrow();
    Capacity.Recommendation recommended = Capacity.recommend(forecast, new Capacity.Policy(40, 0.2, 2, 20));

    try (TestDaemon daemon = TestDaemon.start(StoreKind.SQLITE.config(dir), Map.of())) {
      browser = Browser.start();
      browser.driver().get(daemon.uri("/api/v1/reports/" + report).toString());

      assertThat(browser.driver().getTitle()).isEqualTo("Monthly capacity report");
      Map<String, List<String>> figures = figures("Request rate");
      Sample last = requests.get(requests.size() - 1);
      assertThat(figures.get("requests")).containsExactly("requests", "181", point(requests.get(0)), point(last),
          Numbers.format(min(requests)), Numbers.format(max(requests)));
      assertThat(figures.get("forecast").get(3))
          .isEqualTo(TIME.format(instant(horizon.time())) + ": " + Numbers.format(horizon.mean()));
      assertThat(figures.get("95% prediction interval").get(3)).isEqualTo(TIME.format(instant(horizon.time()))
          + ": " + Numbers.format(horizon.lower()) + " to " + Numbers.format(horizon.upper()));
      assertThat(horizon.lower()).as("the true value 30 days ahead").isLessThan(310).isGreaterThan(310 - 20);
      assertThat(horizon.upper()).isGreaterThan(310);
      assertThat(text()).contains("Recommended for HPA nba-mcp/nba-mcp-autoscaler: min " + recommended.minReplicas()
          + ", max " + recommended.maxReplicas() + " replicas").contains("min 8").contains("max 10");
      assertThat(browser.driver().findElements(By.tagName("svg"))).hasSize(6);
      assertThat(browser.consoleErrors()).as("the browser console").isEmpty();
    }
  }

  /** A dry run of RB-202 for its slot, at rest, its report stored; the harness closed again. */
  private String storedReport() throws Exception {
    stubs = new CapacityStubs(CapacityPlanningRunTest.SLOT);
    stubs.sixMonths(181);
    aws = stubs.aws();
    plugins = CapacityPlanningRunTest.plugins(dir, stubs, aws);
    try (EngineHarness h = CapacityPlanningRunTest.start(dir, StoreKind.SQLITE, Mode.DRY_RUN, stubs, plugins)) {
      String id = CapacityPlanningRunTest.scheduledRun(h);
      h.runDue();
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.ESCALATED);
      return new ReportStore(h.store).list(Optional.of("RB-202"), 1).get(0).id();
    }
  }

  /** The table of numbers under the chart of section {@code heading}: each row's cells by series. */
  private Map<String, List<String>> figures(String heading) {
    WebElement section = browser.driver().findElement(By.xpath("//section[h2='" + heading + "']"));
    Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
    for (WebElement row : section.findElements(By.cssSelector("figure table tbody tr"))) {
      List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
      rows.put(cells.get(0), cells);
    }
    return rows;
  }

  private String text() {
    return browser.driver().findElement(By.tagName("body")).getText();
  }

  private static String point(Sample s) {
    return TIME.format(instant(s.time())) + ": " + Numbers.format(s.value());
  }

  private static Instant instant(double epochSeconds) {
    return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
  }

  private static double min(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::value).min().orElseThrow();
  }

  private static double max(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::value).max().orElseThrow();
  }
}

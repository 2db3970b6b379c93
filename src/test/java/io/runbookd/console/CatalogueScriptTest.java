package io.runbookd.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.rules.Criteria;
import io.runbookd.rules.Rule;
import io.runbookd.testing.Browser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The runbooks page's script reads {@code GET /api/v1/runbooks} (in the shape the catalogue
 * endpoint answers) into the table the server rendered: the page as the console renders it, its
 * script from the jar, under the console's Content-Security-Policy, served here by WireMock.
 */
class CatalogueScriptTest {
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";
  private static final String CATALOGUE = """
      [{"id": "RB-101", "title": "high error rate",
        "triggers": [{"kind": "alert", "description": "HighErrorRate above 5%"},
                     {"kind": "manual", "description": "HOSTILE"}],
        "lastRun": {"incident": "inc-0123abcd", "status": "escalated", "at": "2026-01-05T10:00:00Z"},
        "drill": {"lastTested": "2025-12-01", "nextTest": "2026-03-01", "status": "PASS"}},
       {"id": "RB-102", "title": "slow queries", "triggers": [], "lastRun": null,
        "drill": {"lastTested": null, "nextTest": "2026-01-01", "status": "DUE"}}]
      """.replace("HOSTILE", HOSTILE);

  @Test
  void lastRunsAndDrillsFillTheTableAsText() throws Exception {
    Browser.assumeInstalled();
    WireMockServer site = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    site.start();
    try (Browser browser = Browser.start()) {
      serve(site);
      ChromeDriver driver = browser.driver();

      driver.get(site.baseUrl() + "/console/runbooks");
      new WebDriverWait(driver, java.time.Duration.ofSeconds(20)).until(
          ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-runbook='RB-101'] .drill"), "PASS"));

      assertThat(driver.findElement(By.cssSelector("tr[data-runbook='RB-101'] .last-run")).getText())
          .contains("escalated · 2026-01-05T10:00:00Z").contains("inc-0123abcd");
      assertThat(driver.findElement(By.cssSelector("tr[data-runbook='RB-101'] .last-run a")).getAttribute("href"))
          .endsWith("/console/incidents/inc-0123abcd");
      assertThat(driver.findElement(By.cssSelector("tr[data-runbook='RB-101'] .triggers")).getText())
          .contains("alert: HighErrorRate above 5%").contains("manual: " + HOSTILE);
      assertThat(driver.findElement(By.cssSelector("tr[data-runbook='RB-102'] .last-run")).getText())
          .isEqualTo("never run");
      assertThat(driver.findElement(By.cssSelector("tr[data-runbook='RB-102'] .drill")).getText())
          .contains("DUE").contains("last tested —");
      assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();
      assertThat(browser.consoleErrors()).isEmpty();
    } finally {
      site.stop();
    }
  }

  private static void serve(WireMockServer site) throws IOException {
    List<Rule> rules = List.of(rule("RB-101", "high error rate", "HighErrorRate"),
        rule("RB-102", "slow queries", "SlowDatabaseQueries"));
    Assets assets = new Assets();
    String page = new Layout(assets).bare("Runbooks", RunbooksPage.render(rules, Map.of(), true));
    site.stubFor(get(urlPathEqualTo("/console/runbooks")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/html; charset=utf-8")
        .withHeader("Content-Security-Policy", SecurityHeaders.POLICY).withBody(page)));
    for (String name : List.of("console.js", "console.css", "favicon.svg")) {
      site.stubFor(get(urlPathEqualTo("/console/static/" + name)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css"
              : "image/svg+xml").withBody(resource(name))));
    }
    site.stubFor(get(urlPathEqualTo("/api/v1/runbooks")).willReturn(okJson(CATALOGUE)));
  }

  private static Rule rule(String id, String title, String alertname) {
    return new Rule(id, title, "", "", Optional.empty(), new Criteria(List.of(alertname), List.of(), Optional.empty()),
        "rules/" + id + ".yaml", "0123456789ab");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Assets.class.getResourceAsStream("/io/runbookd/console/static/" + name)) {
      return in.readAllBytes();
    }
  }
}

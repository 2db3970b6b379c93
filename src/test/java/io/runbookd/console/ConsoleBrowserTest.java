package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbookd.testing.ApprovalDaemon;
import io.runbookd.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console in a real browser (headless Chromium) against the real daemon acting on fabric8's
 * mock cluster: signing in, incidents appearing live, the story of an incident, approving and
 * denying a waiting step, the kill switch, hostile label text, and a clean browser console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  @TempDir static Path dir;

  private ApprovalDaemon fixture;
  private Browser browser;
  private ConsoleDriver console;

  @RegisterExtension
  final Browser.ScreenshotOnFailure screenshots = new Browser.ScreenshotOnFailure(() -> browser);

  @BeforeAll
  void start() throws Exception {
    Browser.assumeInstalled();
    fixture = new ApprovalDaemon(dir, Map.of());
    browser = Browser.start();
    console = new ConsoleDriver(browser.driver(), fixture.daemon);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @AfterEach
  void nothingWentWrongInTheBrowser() {
    assertThat(browser.consoleErrors()).as("the browser console").isEmpty();
  }

  @Test
  void signsInAndANewIncidentAppearsWithoutAReload() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    console.open("/");
    driver().executeScript("window.notReloaded = true;");

    String id = fixture.alert("live-one");

    WebElement row = console.waitFor(By.cssSelector("tr[data-incident='" + id + "']"));
    assertThat(row.getText()).contains(ApprovalDaemon.ALERT).contains("RB-CONSOLE");
    assertThat(driver().executeScript("return window.notReloaded === true;")).isEqualTo(true);
    assertThat(driver().findElement(By.cssSelector(".who")).getText()).contains("alice · admin");
  }

  @Test
  void theIncidentPageTellsWhatHappenedAndWhatWaits() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    String id = fixture.alert("story-one");
    fixture.awaitStatus(id, "awaiting_approval");

    console.open("/");
    console.waitFor(By.cssSelector("tr[data-incident='" + id + "'] a.title")).click();

    String story = console.waitFor(By.cssSelector("ol.story")).getText();
    assertThat(story).contains("Alert received").contains("Runbook matched").contains("Status changed")
        .contains("Waiting for a human's approval");
    String decide = driver().findElement(By.cssSelector(".decide")).getText();
    assertThat(decide).contains("Step restart waits for approval").contains("What will run:")
        .contains("k8s.rollout_restart").contains("Decide before");
    assertThat(driver().findElement(By.cssSelector(".links a")).getAttribute("href"))
        .isEqualTo("http://127.0.0.1:9/graph?g0.expr=up");

    driver().findElement(By.linkText("RB-CONSOLE")).click();
    console.waitFor(By.cssSelector("#rule-RB-CONSOLE summary")).click();
    assertThat(console.waitFor(By.cssSelector("#rule-RB-CONSOLE pre.yaml")).getText()).contains("approval: required");
  }

  @Test
  void approvingAWaitingStepRunsItsActionOnce() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    String id = fixture.alert("approve-one");
    fixture.awaitStatus(id, "awaiting_approval");
    long before = fixture.restarts();

    console.open("/console/incidents/" + id);
    console.waitFor(By.linkText("Approve…")).click();
    assertThat(console.waitFor(By.cssSelector("main")).getText()).contains("Approving lets this run now")
        .contains("What will run:");
    console.waitFor(By.cssSelector("form.confirm button[type=submit]")).click();

    assertThat(console.waitFor(By.cssSelector(".flash")).getText()).startsWith("Approved");
    await().atMost(Duration.ofSeconds(60)).until(() -> fixture.restarts() == before + 1);
    fixture.awaitStatus(id, "escalated", "verifying", "resolved");
    console.waitForText(By.cssSelector("ol.story"), "Action done");
    assertThat(driver().findElement(By.cssSelector("ol.story")).getText()).contains("restart approved by console:alice")
        .contains("Action started").contains("approval allow: approved by console:alice");
    Thread.sleep(2000);
    assertThat(fixture.restarts()).as("the restart ran once").isEqualTo(before + 1);
  }

  @Test
  void denyingAWaitingStepRunsNothing() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    String id = fixture.alert("deny-one");
    fixture.awaitStatus(id, "awaiting_approval");
    long before = fixture.restarts();

    console.open("/console/incidents/" + id);
    console.waitFor(By.linkText("Deny…")).click();
    console.waitFor(By.cssSelector("form.confirm button[type=submit]")).click();

    assertThat(console.waitFor(By.cssSelector(".flash")).getText()).startsWith("Denied");
    fixture.awaitStatus(id, "escalated");
    console.waitForText(By.cssSelector("ol.story"), "restart denied by console:alice");
    assertThat(fixture.restarts()).isEqualTo(before);
  }

  @Test
  void pausingShowsTheBannerOnEveryPageUntilResumed() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    String id = fixture.alert("pause-one");
    console.open("/");

    console.waitFor(By.linkText("Pause all actions…")).click();
    driver().findElement(By.id("reason")).sendKeys("database failover in progress");
    driver().findElement(By.cssSelector("form.confirm button[type=submit]")).click();

    try {
      for (String page : List.of("/", "/console/incidents/" + id, "/console/runbooks", "/console/status")) {
        console.open(page);
        String banner = console.waitFor(By.cssSelector("#kill-switch .banner")).getText();
        assertThat(banner).as(page).contains("Paused: no action runs").contains("console:alice")
            .contains("database failover in progress");
      }
      assertThat(fixture.daemon.get("/api/v1/status").body()).contains("\"paused\":true")
          .contains("\"pausedReason\":\"database failover in progress\"");
    } finally {
      console.waitFor(By.linkText("Resume…")).click();
      driver().findElement(By.cssSelector("form.confirm button[type=submit]")).click();
    }
    console.waitFor(By.cssSelector("table.incidents, p.empty"));
    assertThat(driver().findElements(By.cssSelector("#kill-switch .banner"))).isEmpty();
  }

  @Test
  void hostileLabelTextIsShownAsText() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    String hostile = "<img src=x onerror=alert(1)>";
    String id = fixture.alert("xss-one", Map.of("team", hostile),
        Map.of("summary", "<script>alert(2)</script>", "runbook_url", "javascript:alert(3)"));

    console.open("/console/incidents/" + id);

    String page = console.waitFor(By.cssSelector("main")).getText();
    assertThat(page).contains(hostile).contains("<script>alert(2)</script>");
    assertThat(driver().findElements(By.cssSelector("img"))).isEmpty();
    assertThat(driver().findElements(By.cssSelector("main script"))).isEmpty();
    assertThat(driver().findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
    assertThat(noAlertDialog()).isTrue();
  }

  @Test
  void everyPageLoadsWithoutBrowserErrors() throws Exception {
    console.signIn("alice", ApprovalDaemon.ADMIN);
    String id = fixture.alert("pages-one");
    fixture.awaitStatus(id, "awaiting_approval");

    for (String page : List.of("/", "/?status=awaiting_approval&q=pages", "/console/incidents/" + id,
        "/console/incidents/" + id + "/confirm?decision=approve", "/console/incidents/" + id + "/confirm?decision=ack",
        "/console/runbooks", "/console/status", "/console/pause")) {
      console.open(page);
      console.waitFor(By.cssSelector("main"));
      Thread.sleep(300);
      assertThat(browser.consoleErrors()).as(page).isEmpty();
    }
    console.signOut();
    assertThat(browser.consoleErrors()).as("sign-in page").isEmpty();
  }

  @Test
  void theReadTokenSeesButCannotDecide() throws Exception {
    String id = fixture.alert("read-one");
    fixture.awaitStatus(id, "awaiting_approval");
    console.signIn("bob", ApprovalDaemon.READ);

    console.open("/console/incidents/" + id);

    assertThat(console.waitFor(By.cssSelector(".decide")).getText()).contains("Read-only");
    assertThat(driver().findElements(By.linkText("Approve…"))).isEmpty();
    assertThat(driver().findElements(By.linkText("Pause all actions…"))).isEmpty();
    assertThat(driver().findElement(By.cssSelector(".who")).getText()).contains("bob · read-only");
  }

  private ChromeDriver driver() {
    return browser.driver();
  }

  private boolean noAlertDialog() {
    try {
      driver().switchTo().alert();
      return false;
    } catch (NoAlertPresentException e) {
      return true;
    }
  }
}

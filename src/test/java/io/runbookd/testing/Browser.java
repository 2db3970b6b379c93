package io.runbookd.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never a downloaded browser),
 * with a fresh profile and every background connection off: tests never leave loopback. Outside
 * CI a machine without Chromium skips browser tests, saying why; in CI ({@code CI=true}) that is a
 * failure, because {@code .ci/run} installs it.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Skips the calling test (outside CI) when Chromium is not installed. */
  public static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("CI must run the browser tests: .ci/run installs chromium and chromium-driver");
    }
    Assumptions.assumeTrue(installed, "browser tests skipped: install Debian's chromium and chromium-driver"
        + " (apt-get install chromium chromium-driver) to run them");
  }

  public static Browser start() {
    assumeInstalled();
    try {
      Path profile = Files.createTempDirectory("runbookd-chromium-");
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-quic", "--window-size=1280,1000", "--user-data-dir=" + profile);
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Everything the page logged at SEVERE (errors, CSP violations, failed loads) since the last call. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
  }

  /** Saves what the browser shows, e.g. {@code target/screenshots/ConsoleBrowserTest-approve.png}. */
  public Path screenshot(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile harms nothing
    }
  }

  /**
   * Saves a screenshot of every failing test under {@code target/screenshots/}. Register it with
   * {@code @RegisterExtension} next to a supplier of the test's browser.
   */
  public static final class ScreenshotOnFailure implements TestWatcher {
    private final java.util.function.Supplier<Browser> browser;

    public ScreenshotOnFailure(java.util.function.Supplier<Browser> browser) {
      this.browser = browser;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      Browser b = browser.get();
      if (b != null && b.driver instanceof TakesScreenshot) {
        Path file = b.screenshot(context.getRequiredTestClass().getSimpleName() + "-"
            + context.getRequiredTestMethod().getName());
        System.err.println("screenshot of the failed test: " + file.toAbsolutePath());
      }
    }
  }

  /** The capability map, for tests that want to check how the browser was started. */
  public Map<String, Object> capabilities() {
    return driver.getCapabilities().asMap();
  }
}

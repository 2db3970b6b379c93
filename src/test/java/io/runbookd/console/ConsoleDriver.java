package io.runbookd.console;

import io.runbookd.testing.TestDaemon;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does in the console, in browser steps. */
final class ConsoleDriver {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ChromeDriver driver;
  private final TestDaemon daemon;

  ConsoleDriver(ChromeDriver driver, TestDaemon daemon) {
    this.driver = driver;
    this.daemon = daemon;
  }

  void open(String path) {
    driver.get(daemon.uri(path).toString());
  }

  /** Signs in afresh (signing out first when a session is open). */
  void signIn(String name, String token) {
    open("/");
    if (!driver.findElements(By.cssSelector("form[action='/console/sign-out']")).isEmpty()) {
      signOut();
    }
    open("/console/sign-in");
    waitFor(By.id("name")).sendKeys(name);
    driver.findElement(By.id("token")).sendKeys(token);
    driver.findElement(By.cssSelector("form.sign-in button[type=submit]")).click();
    waitFor(By.cssSelector("form[action='/console/sign-out']"));
  }

  void signOut() {
    driver.findElement(By.cssSelector("form[action='/console/sign-out'] button")).click();
    waitFor(By.cssSelector("form.sign-in"));
  }

  WebElement waitFor(By what) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(what));
  }

  void waitForText(By what, String text) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(what, text));
  }
}

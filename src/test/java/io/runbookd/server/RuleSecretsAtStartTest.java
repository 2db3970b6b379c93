package io.runbookd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.runbookd.testing.StoreKind;
import io.runbookd.testing.TestDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A rule refused for a URL carrying a password: the daemon's start error does not repeat it. */
class RuleSecretsAtStartTest {
  @TempDir Path dir;

  @Test
  void startErrorQuotesTheUrlWithoutItsUserInformation() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("bad.yaml"),
        "id: RB-1\ntitle: bad\nmatch:\n  alertname: A\ndiagnose:\n  - id: health\n"
            + "    probe: http.get\n"
            + "    params: {url: 'http://admin:hunter2@127.0.0.1/health?token=t0k3n'}\n");
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);

    Throwable refused;
    try {
      refused = catchThrowable(() -> TestDaemon.start(StoreKind.SQLITE.config(dir),
          Map.of("rules.dir", rules.toString())).close());
    } finally {
      root.detachAppender(logs);
    }

    assertThat(refused)
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("'http://…@127.0.0.1/health?…' must not carry user information");
    assertThat(refused.getMessage()).doesNotContain("hunter2").doesNotContain("t0k3n");
    assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("hunter2"));
  }
}

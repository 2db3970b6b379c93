package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import io.runbookd.escalation.Pager;
import io.runbookd.incident.Priority;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A canary secret put in each pager's configuration is searched for everywhere it could leak: every
 * Delivery (the timeline and API answers are made of their details), the pagers' names and
 * descriptions, configuration errors, and everything logged meanwhile, even when the service echoes
 * the secret back.
 */
class SecretCanaryTest {
  @RegisterExtension
  static WireMockExtension service =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
          .build();

  private static final String CANARY = "CANARY-7f3a9c1e5b2d4f60";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = (Logger) LoggerFactory.getLogger("io.runbookd");
  private Level oursBefore;

  @BeforeEach
  void captureEverythingWeLog() {
    logs.start();
    root.addAppender(logs);
    oursBefore = ours.getLevel();
    ours.setLevel(Level.TRACE);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(logs);
    ours.setLevel(oursBefore);
  }

  @ParameterizedTest
  @EnumSource(PagerKind.class)
  void canaryAppearsInNoDeliveryNameOrLog(PagerKind kind) throws IOException {
    List<String> seen = new ArrayList<>();
    for (Exchange exchange : Exchange.values()) {
      service.resetAll();
      String echo = "you sent " + CANARY + " to " + service.baseUrl() + kind.path(CANARY);
      exchange
          .answer(kind, echo)
          .ifPresent(answer -> service.stubFor(post(anyUrl()).willReturn(answer)));
      String base = exchange == Exchange.REFUSED ? nothingListening() : service.baseUrl();
      Pager pager = kind.make(base, CANARY, Exchange.TIMEOUT);
      for (Page.Event event : Page.Event.values()) {
        Delivery delivery = pager.send(Pages.of(event, Priority.P0));
        seen.add(delivery.toString());
      }
      assertThat(exchange == Exchange.REFUSED || carriedTheCanary())
          .as("the secret was sent")
          .isTrue();
      seen.add(pager.toString());
      seen.add(pager.info().toString());
    }
    LoggerFactory.getLogger(SecretCanaryTest.class).trace("capture check");

    assertThat(seen).noneMatch(text -> text.contains(CANARY));
    assertThat(logged()).contains("capture check").noneMatch(text -> text.contains(CANARY));
  }

  @Test
  void configurationErrorsDoNotQuoteTheSecret() {
    Duration timeout = Duration.ofSeconds(1);
    Secret cleartext = Secret.of("http://hooks.slack.example/services/T0/B0/" + CANARY);
    Secret malformed = Secret.of("https://hooks.slack.example/services/ " + CANARY + "|");

    assertThatThrownBy(() -> new SlackPager(cleartext, Pages.http(), timeout))
        .message()
        .doesNotContain(CANARY);
    assertThatThrownBy(() -> new SlackPager(malformed, Pages.http(), timeout))
        .hasNoCause()
        .message()
        .doesNotContain(CANARY);
  }

  private static boolean carriedTheCanary() {
    for (ServeEvent event : service.getAllServeEvents()) {
      String request =
          event.getRequest().getUrl()
              + event.getRequest().getHeaders()
              + event.getRequest().getBodyAsString();
      if (request.contains(CANARY)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Everything logged while the pagers ran, but for the fake service's own logs: it is the
   * recipient, and seeing the secret is its job.
   */
  private List<String> logged() {
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      if (!event.getLoggerName().toLowerCase(Locale.ROOT).contains("wiremock")) {
        String thrown =
            event.getThrowableProxy() == null
                ? ""
                : ThrowableProxyUtil.asString(event.getThrowableProxy());
        lines.add(event.getFormattedMessage() + thrown);
      }
    }
    return lines;
  }

  private static String nothingListening() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}

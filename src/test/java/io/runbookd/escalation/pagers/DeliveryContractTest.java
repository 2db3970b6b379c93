package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Pager;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table every HTTP pager runs: each way an attempt can end becomes the same Delivery, one
 * attempt, bounded by the timeout, never an exception.
 */
class DeliveryContractTest {
  @RegisterExtension
  static WireMockExtension service =
      WireMockExtension.newInstance()
          .options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
          .build();

  private static final String SECRET = "contract-secret-0000000000000000";

  static Stream<Arguments> table() {
    return Arrays.stream(PagerKind.values())
        .flatMap(kind -> Arrays.stream(Exchange.values()).map(e -> Arguments.of(kind, e)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("table")
  void eachAnswerBecomesTheSameDelivery(PagerKind kind, Exchange exchange) throws IOException {
    exchange
        .answer(kind, "error body")
        .ifPresent(answer -> service.stubFor(post(anyUrl()).willReturn(answer)));
    String base = exchange == Exchange.REFUSED ? nothingListening() : service.baseUrl();
    Pager pager = kind.make(base, SECRET, Exchange.TIMEOUT);

    long start = System.nanoTime();
    Delivery delivery = pager.send(Pages.trigger());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(delivery.status()).isEqualTo(exchange.expected);
    assertThat(delivery.retryAfter()).isEqualTo(exchange.retryAfter);
    assertThat(delivery.detail()).isNotBlank().doesNotContain(SECRET).doesNotContain("\n");
    assertThat(took).isLessThan(Exchange.TIMEOUT.multipliedBy(2));
    int attempts = exchange == Exchange.REFUSED ? 0 : 1;
    assertThat(service.getAllServeEvents()).hasSize(attempts);
  }

  /** A port that was just free: connecting to it is refused. */
  private static String nothingListening() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }
}

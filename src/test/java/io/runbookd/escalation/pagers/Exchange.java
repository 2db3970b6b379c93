package io.runbookd.escalation.pagers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.runbookd.escalation.Delivery.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * How one attempt can go, and the Delivery every pager must make of it: the retry table all pagers
 * share (as Alertmanager's notify tests share one).
 */
enum Exchange {
  ACCEPTED(Status.DELIVERED, Optional.empty()),
  RATE_LIMITED(Status.RETRY, Optional.of(Duration.ofSeconds(7))),
  UNAVAILABLE_FOR_A_DAY(Status.RETRY, Optional.of(RetryAfter.MAX)),
  SERVER_ERROR(Status.RETRY, Optional.empty()),
  BAD_REQUEST(Status.REJECTED, Optional.empty()),
  NOT_FOUND(Status.REJECTED, Optional.empty()),
  REDIRECTED(Status.REJECTED, Optional.empty()),
  TOO_SLOW(Status.RETRY, Optional.empty()),
  REFUSED(Status.RETRY, Optional.empty());

  /** The pager's timeout in these tests; {@link #TOO_SLOW} answers well after it. */
  static final Duration TIMEOUT = Duration.ofMillis(800);

  final Status expected;
  final Optional<Duration> retryAfter;

  Exchange(Status expected, Optional<Duration> retryAfter) {
    this.expected = expected;
    this.retryAfter = retryAfter;
  }

  /** What the fake service answers; empty for {@link #REFUSED}, where nothing listens. */
  Optional<ResponseDefinitionBuilder> answer(PagerKind kind, String echo) {
    return Optional.ofNullable(
        switch (this) {
          case ACCEPTED -> kind.success();
          case RATE_LIMITED ->
              aResponse().withStatus(429).withHeader("Retry-After", "7").withBody(echo);
          case UNAVAILABLE_FOR_A_DAY ->
              aResponse()
                  .withStatus(503)
                  .withHeader("Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT")
                  .withBody(echo);
          case SERVER_ERROR -> aResponse().withStatus(500).withBody(echo);
          case BAD_REQUEST -> aResponse().withStatus(400).withBody(echo);
          case NOT_FOUND -> aResponse().withStatus(404).withBody(echo);
          case REDIRECTED ->
              aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1/x");
          case TOO_SLOW -> kind.success().withFixedDelay(3000);
          case REFUSED -> null;
        });
  }
}

package io.runbookd.escalation.pagers;

import io.runbookd.escalation.Delivery;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * One POST of a JSON body, bounded in time (the whole exchange, body included, within the timeout)
 * and in the size of the answer kept. A missing answer is a RETRY, never an exception; the pager
 * reads the answer it gets. Every detail that leaves is scrubbed of the call's secrets and kept to
 * one line.
 */
final class HttpPost {
  static final int MAX_ANSWER_BYTES = 16 * 1024;

  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;

  HttpPost(HttpClient http, Duration timeout, Clock clock) {
    this.http = Objects.requireNonNull(http);
    this.timeout = Objects.requireNonNull(timeout);
    this.clock = Objects.requireNonNull(clock);
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("a pager timeout must be positive, got " + timeout);
    }
  }

  Clock clock() {
    return clock;
  }

  /**
   * A request with the secrets it carries. {@code where} names the endpoint in details and must
   * itself hold no secret (a host, or just "Slack").
   */
  record Call(
      String where, URI uri, Map<String, String> headers, String json, List<String> secrets) {
    @Override
    public String toString() {
      return "POST to " + where;
    }
  }

  Delivery send(Call call, Function<Answer, Delivery> read) {
    Delivery delivery = exchange(call, read);
    String detail = Redact.oneLine(Redact.scrub(delivery.detail(), call.secrets()));
    return new Delivery(delivery.status(), delivery.retryAfter(), detail);
  }

  private Delivery exchange(Call call, Function<Answer, Delivery> read) {
    CompletableFuture<HttpResponse<String>> future;
    try {
      future = http.sendAsync(request(call), info -> new BoundedBody(MAX_ANSWER_BYTES));
    } catch (IllegalArgumentException e) {
      // The message may quote a header value; it is not kept.
      return Delivery.rejected(call.where() + ": the request could not be built");
    }
    try {
      HttpResponse<String> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return read.apply(answer(response, call.secrets()));
    } catch (TimeoutException e) {
      future.cancel(true);
      return noAnswer(call, "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return noAnswer(call, why(e.getCause()));
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return noAnswer(call, "interrupted while waiting for the answer");
    }
  }

  private HttpRequest request(Call call) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(call.uri())
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "runbookd")
            .POST(HttpRequest.BodyPublishers.ofString(call.json()));
    call.headers().forEach(builder::header);
    return builder.build();
  }

  private Answer answer(HttpResponse<String> response, List<String> secrets) {
    Optional<Duration> retryAfter =
        RetryAfter.parse(response.headers().firstValue("Retry-After"), clock.instant());
    return new Answer(response.statusCode(), Redact.scrub(response.body(), secrets), retryAfter);
  }

  private static Delivery noAnswer(Call call, String why) {
    return Delivery.retry(Optional.empty(), call.where() + ": " + why);
  }

  /**
   * Why no answer came, by the kind of failure only: exception messages can quote hosts, paths or,
   * for a Slack webhook, the secret URL itself.
   */
  private String why(Throwable failure) {
    if (failure instanceof HttpConnectTimeoutException) {
      return "could not connect within " + timeout.toMillis() + " ms";
    }
    if (failure instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (failure instanceof ConnectException) {
      return "connection failed";
    }
    if (failure instanceof SSLException) {
      return "TLS failed (" + failure.getClass().getSimpleName() + ")";
    }
    if (failure instanceof IOException) {
      return "I/O error (" + failure.getClass().getSimpleName() + ")";
    }
    return "failed (" + (failure == null ? "unknown" : failure.getClass().getSimpleName()) + ")";
  }
}

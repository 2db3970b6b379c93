package io.runbookd.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bounded exchange {@link BlockingHttp} and {@link BlockingPost} share: an HTTP/1.1 client that
 * never follows redirects itself, with a connect timeout, and a send that waits for headers and
 * body together up to a deadline, without relying on thread interrupts (the client's own request
 * timeout stops at the headers, so a server that dribbles its body would otherwise hold the
 * thread). Transport failures become {@link IOException}s that name the method and the target.
 */
final class BoundedClient {
  private final HttpClient client;
  private final Clock clock;

  BoundedClient(Duration connectTimeout, Clock clock) {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.clock = Objects.requireNonNull(clock);
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * Sends {@code request} and waits at most {@code waitNanos} for the whole answer.
   *
   * @param timeout the caller's timeout, as messages say it
   */
  HttpResponse<CappedBody.Bytes> send(
      String method,
      HttpTarget target,
      HttpRequest request,
      HttpResponse.BodyHandler<CappedBody.Bytes> body,
      long waitNanos,
      Duration timeout)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<CappedBody.Bytes>> call = client.sendAsync(request, body);
    try {
      return call.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw timedOut(method, target, timeout);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw failed(method, target, timeout, e.getCause());
    }
  }

  /** The answer {@code response} gives, timed from {@code started}. */
  HttpAnswer answer(
      HttpResponse<CappedBody.Bytes> response, HttpTarget target, int redirects, Instant started) {
    return new HttpAnswer(
        response.statusCode(),
        response.body().bytes(),
        response.body().truncated(),
        response.headers().firstValue("Content-Type"),
        target,
        redirects,
        Duration.between(started, clock.instant()));
  }

  static IOException timedOut(String method, HttpTarget target, Duration timeout) {
    return new HttpTimeoutException(
        method
            + " "
            + target.display()
            + ": no complete answer within "
            + timeout.toMillis()
            + " ms");
  }

  private static IOException failed(
      String method, HttpTarget target, Duration timeout, Throwable cause) {
    String what = method + " " + target.display();
    String where = target.host() + ":" + target.port();
    IOException out;
    if (cause instanceof HttpConnectTimeoutException) {
      out = new IOException(what + ": connecting to " + where + " timed out");
    } else if (cause instanceof HttpTimeoutException) {
      out = timedOut(method, target, timeout);
    } else if (cause instanceof ConnectException) {
      out = new IOException(what + ": cannot connect to " + where);
    } else {
      String reason =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      out = new IOException(what + ": " + reason);
    }
    out.initCause(cause);
    return out;
  }
}

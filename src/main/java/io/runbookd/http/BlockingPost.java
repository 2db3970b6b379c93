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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking JSON POSTs for actions over {@code java.net.http}, bounded like {@link BlockingHttp}'s
 * GETs: a connect timeout and one deadline for the whole exchange, body included, read up to a
 * limit. Redirects are never followed: repeating a POST elsewhere is a decision, not transport, so
 * a 3xx is returned as the answer. Requests say {@code User-Agent: runbookd}.
 */
public final class BlockingPost {
  private final HttpClient client;
  private final Clock clock;

  /**
   * @param connectTimeout how long establishing a connection may take
   * @param clock measures {@link HttpAnswer#elapsed()}
   */
  public BlockingPost(Duration connectTimeout, Clock clock) {
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * POSTs {@code json} to {@code target} with the extra {@code headers}. Any HTTP status is an
   * answer; only transport failures throw.
   *
   * @throws IOException when the target cannot be reached or does not answer in time
   */
  public HttpAnswer postJson(
      HttpTarget target, byte[] json, Map<String, String> headers, Duration timeout, int maxBytes)
      throws IOException, InterruptedException {
    Instant started = clock.instant();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.uri())
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .timeout(timeout)
            .header("User-Agent", "runbookd")
            .header("Accept", "application/json")
            .header("Content-Type", "application/json");
    headers.forEach(request::header);
    CompletableFuture<HttpResponse<CappedBody.Bytes>> call =
        client.sendAsync(request.build(), info -> new CappedBody(maxBytes));
    HttpResponse<CappedBody.Bytes> response;
    try {
      response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw timedOut(target, timeout);
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw failed(target, timeout, e.getCause());
    }
    return new HttpAnswer(
        response.statusCode(),
        response.body().bytes(),
        response.body().truncated(),
        response.headers().firstValue("Content-Type"),
        target,
        0,
        Duration.between(started, clock.instant()));
  }

  private static IOException timedOut(HttpTarget target, Duration timeout) {
    return new HttpTimeoutException(
        "POST " + target.display() + ": no complete answer within " + timeout.toMillis() + " ms");
  }

  private static IOException failed(HttpTarget target, Duration timeout, Throwable cause) {
    String where = target.host() + ":" + target.port();
    IOException out;
    if (cause instanceof HttpConnectTimeoutException) {
      out = new IOException("POST " + target.display() + ": connecting to " + where + " timed out");
    } else if (cause instanceof HttpTimeoutException) {
      out = timedOut(target, timeout);
    } else if (cause instanceof ConnectException) {
      out = new IOException("POST " + target.display() + ": cannot connect to " + where);
    } else {
      String reason =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      out = new IOException("POST " + target.display() + ": " + reason);
    }
    out.initCause(cause);
    return out;
  }
}

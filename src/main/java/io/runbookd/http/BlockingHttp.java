package io.runbookd.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Blocking GETs for probes (and later actions) over {@code java.net.http}. Every call is bounded
 * without relying on thread interrupts: a connect timeout, and one deadline for the whole exchange,
 * headers and body of every hop included (the client's own request timeout stops at the headers, so
 * a server that dribbles its body would otherwise hold the thread). Bodies are read up to a limit
 * and the rest is not downloaded.
 *
 * <p>The client never follows redirects itself. This class follows at most {@value #MAX_REDIRECTS},
 * and only to the same host ({@link HttpTarget#redirect}); a redirect elsewhere is refused with the
 * reason. Requests say {@code User-Agent: runbookd} and {@code Accept: application/json}.
 */
public final class BlockingHttp {
  public static final int MAX_REDIRECTS = 3;

  private static final CappedBody.Bytes NO_BODY = new CappedBody.Bytes(new byte[0], false);

  private final BoundedClient client;

  /**
   * @param connectTimeout how long establishing a connection may take
   * @param clock measures {@link HttpAnswer#elapsed()}
   */
  public BlockingHttp(Duration connectTimeout, Clock clock) {
    this.client = new BoundedClient(connectTimeout, clock);
  }

  /**
   * GETs {@code target}. Any HTTP status is an answer; only transport failures throw.
   *
   * @param timeout for the whole exchange, redirects included
   * @param maxBytes how much of the body to read at most
   * @throws UrlRefusedException on a redirect to another host, or too many redirects
   * @throws IOException when the target cannot be reached or does not answer in time
   */
  public HttpAnswer get(HttpTarget target, Duration timeout, int maxBytes)
      throws IOException, InterruptedException, UrlRefusedException {
    return get(target, Map.of(), timeout, maxBytes);
  }

  /**
   * As {@link #get(HttpTarget, Duration, int)}, with extra request headers (e.g. {@code
   * Authorization}) on the first request only: a redirect, even to the same host, does not carry
   * them on.
   */
  public HttpAnswer get(
      HttpTarget target, Map<String, String> headers, Duration timeout, int maxBytes)
      throws IOException, InterruptedException, UrlRefusedException {
    Instant started = client.now();
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpTarget current = target;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      Map<String, String> extra = hop == 0 ? headers : Map.of();
      HttpResponse<CappedBody.Bytes> response =
          exchange(current, extra, deadline, timeout, maxBytes);
      Optional<String> location = response.headers().firstValue("Location");
      if (!isRedirect(response.statusCode()) || location.isEmpty()) {
        return client.answer(response, current, hop, started);
      }
      if (hop < MAX_REDIRECTS) {
        current = current.redirect(location.get());
      }
    }
    throw new UrlRefusedException(
        "more than " + MAX_REDIRECTS + " redirects from " + target.display());
  }

  private HttpResponse<CappedBody.Bytes> exchange(
      HttpTarget target, Map<String, String> headers, long deadline, Duration timeout, int maxBytes)
      throws IOException, InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw BoundedClient.timedOut("GET", target, timeout);
    }
    return client.send(
        "GET",
        target,
        request(target, headers, left),
        info ->
            isRedirect(info.statusCode())
                ? BodySubscribers.replacing(NO_BODY)
                : new CappedBody(maxBytes),
        left,
        timeout);
  }

  private static HttpRequest request(
      HttpTarget target, Map<String, String> headers, long leftNanos) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.uri())
            .GET()
            .timeout(Duration.ofNanos(leftNanos))
            .header("User-Agent", "runbookd")
            .header("Accept", "application/json");
    headers.forEach(request::header);
    return request.build();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}

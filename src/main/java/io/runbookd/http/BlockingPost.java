package io.runbookd.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Blocking JSON POSTs for actions over {@code java.net.http}, bounded like {@link BlockingHttp}'s
 * GETs: a connect timeout and one deadline for the whole exchange, body included, read up to a
 * limit. Redirects are never followed: repeating a POST elsewhere is a decision, not transport, so
 * a 3xx is returned as the answer. Requests say {@code User-Agent: runbookd}.
 */
public final class BlockingPost {
  private final BoundedClient client;

  /**
   * @param connectTimeout how long establishing a connection may take
   * @param clock measures {@link HttpAnswer#elapsed()}
   */
  public BlockingPost(Duration connectTimeout, Clock clock) {
    this.client = new BoundedClient(connectTimeout, clock);
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
    return sendJson("POST", target, json, headers, timeout, maxBytes);
  }

  /**
   * As {@link #postJson}, with another method that carries a JSON body, e.g. {@code DELETE} (the
   * MLflow API reads the arguments of its deletes from the body).
   */
  public HttpAnswer sendJson(
      String method,
      HttpTarget target,
      byte[] json,
      Map<String, String> headers,
      Duration timeout,
      int maxBytes)
      throws IOException, InterruptedException {
    Instant started = client.now();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.uri())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json))
            .timeout(timeout)
            .header("User-Agent", "runbookd")
            .header("Accept", "application/json")
            .header("Content-Type", "application/json");
    headers.forEach(request::header);
    HttpResponse<CappedBody.Bytes> response =
        client.send(
            method,
            target,
            request.build(),
            info -> new CappedBody(maxBytes),
            timeout.toNanos(),
            timeout);
    return client.answer(response, target, 0, started);
  }
}

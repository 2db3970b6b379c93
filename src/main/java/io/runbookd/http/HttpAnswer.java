package io.runbookd.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A response as {@link BlockingHttp} returns it, whatever its status.
 *
 * @param status the HTTP status of the last hop
 * @param body the body, at most the limit asked for
 * @param truncated whether the body went on past the limit (the rest was not read)
 * @param contentType the {@code Content-Type} header, if any
 * @param target where the answer came from, after redirects
 * @param redirects how many redirects were followed
 * @param elapsed from the first request to the end of the body
 */
public record HttpAnswer(
    int status,
    byte[] body,
    boolean truncated,
    Optional<String> contentType,
    HttpTarget target,
    int redirects,
    Duration elapsed) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}

package io.runbookd.escalation.pagers;

import io.runbookd.config.Secret;
import io.runbookd.escalation.Delivery;
import io.runbookd.escalation.Page;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the pagers that hold one API key and address an incident by the page's dedup key (PagerDuty,
 * Opsgenie) post: the key must not be empty, a dedup key the service cannot take is REJECTED before
 * anything is sent, and the key is scrubbed from every detail that leaves.
 */
final class KeyedPost {
  /** What one page sends, built with the revealed key. */
  record Request(URI uri, Map<String, String> headers, String json) {}

  private final String where;
  private final Secret key;
  private final HttpPost post;
  private final int maxDedupKey;

  /**
   * @param where names the service in details, with no secret (a host)
   * @param keyName the configuration key of the secret, for the error when it is empty
   */
  KeyedPost(String where, Secret key, String keyName, HttpPost post, int maxDedupKey) {
    this.where = where;
    this.key = Objects.requireNonNull(key);
    this.post = post;
    this.maxDedupKey = maxDedupKey;
    if (key.reveal().isBlank()) {
      throw new IllegalArgumentException(keyName + " is empty");
    }
  }

  String where() {
    return where;
  }

  Delivery send(Page page, Function<String, Request> request, Function<Answer, Delivery> read) {
    Optional<String> problem = DedupKey.problem(page.dedupKey(), maxDedupKey);
    if (problem.isPresent()) {
      return Delivery.rejected(where + ": " + problem.get());
    }
    String revealed = key.reveal();
    Request r = request.apply(revealed);
    return post.send(
        new HttpPost.Call(where, r.uri(), r.headers(), r.json(), List.of(revealed)), read);
  }
}

package io.runbookd.incident;

import java.time.Instant;

/**
 * An alert episode: Alertmanager's fingerprint plus the alert's {@code startsAt}. Its id is a
 * hash of both, so it is the same across re-deliveries, Alertmanager replicas and runbookd
 * replicas, and carries no label text.
 */
public record EpisodeKey(String fingerprint, Instant startsAt) {

  /** The canonical text of {@code startsAt} stored with the alert. */
  public String startsAtKey() {
    return startsAt.toString();
  }

  /** The alert's id in the store. */
  public String id() {
    return Hashes.of(fingerprint, startsAtKey());
  }
}

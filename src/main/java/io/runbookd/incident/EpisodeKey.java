package io.runbookd.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * An alert episode: Alertmanager's fingerprint plus the alert's {@code startsAt}. The incident
 * id is a hash of it, so it is stable across re-deliveries, Alertmanager replicas and runbookd
 * replicas, and carries no label text.
 */
public record EpisodeKey(String fingerprint, Instant startsAt) {

  /** The canonical text of {@code startsAt} stored in the unique key. */
  public String startsAtKey() {
    return startsAt.toString();
  }

  public String incidentId() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest =
          sha.digest((fingerprint + "\n" + startsAtKey()).getBytes(StandardCharsets.UTF_8));
      return "inc-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

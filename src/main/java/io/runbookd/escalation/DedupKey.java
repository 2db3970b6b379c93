package io.runbookd.escalation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key pagers deduplicate on: a fixed-length hash, never label text, stable for the
 * incident, so trigger, acknowledge and resolve of one incident meet on the pager's side.
 */
public final class DedupKey {
  private DedupKey() {}

  public static String of(String incidentId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("runbookd/" + incidentId).getBytes(StandardCharsets.UTF_8));
      return "runbookd-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}

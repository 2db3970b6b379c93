package io.runbookd.slack;

import io.runbookd.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, version 0: {@code X-Slack-Signature: v0=<hex>} is the HMAC-SHA256,
 * keyed with the app's signing secret, of {@code v0:<X-Slack-Request-Timestamp>:<raw body>}. A
 * timestamp more than five minutes from now is refused whatever its signature, so a captured
 * request cannot be replayed later; {@link ReplayGuard} refuses it within those five minutes.
 */
final class SlackSignature {
  static final Duration WINDOW = Duration.ofMinutes(5);

  /** Why a request is refused, or that it is not. */
  enum Verdict {
    VALID,
    MISSING,
    STALE,
    WRONG
  }

  private final Secret secret;

  SlackSignature(Secret secret) {
    this.secret = secret;
  }

  Verdict check(String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
      return Verdict.MISSING;
    }
    Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp));
    if (Duration.between(at, now).abs().compareTo(WINDOW) > 0) {
      return Verdict.STALE;
    }
    byte[] expected = ("v0=" + sign(timestamp, body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII)) ? Verdict.VALID
        : Verdict.WRONG;
  }

  /** The hex HMAC of {@code v0:timestamp:body}. */
  String sign(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}

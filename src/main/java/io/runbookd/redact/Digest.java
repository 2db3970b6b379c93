package io.runbookd.redact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is recorded of a body instead of its content: {@code {sha256: <hex>, bytes: N}}. Text is
 * hashed as its UTF-8 bytes, a map or list as its compact JSON, so the record can be compared
 * with what the other side logged without keeping what was said.
 */
final class Digest {
  private Digest() {}

  static Map<String, Object> of(Object body) {
    String text = body instanceof String s ? s : CompactJson.of(body);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sha256", HexFormat.of().formatHex(sha256(bytes)));
    out.put("bytes", (long) bytes.length);
    return out;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

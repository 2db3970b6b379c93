package io.runbookd.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The console's per-install key and the HMAC, hashing and random nonces built on it. */
final class Keys {
  private final byte[] installKey;
  private final SecureRandom random = new SecureRandom();

  /** @param installKey at least 32 random bytes, kept in the store so every replica shares it */
  Keys(byte[] installKey) {
    if (installKey.length < 32) {
      throw new IllegalArgumentException("the console key must have at least 32 bytes");
    }
    this.installKey = installKey.clone();
  }

  /** A fresh install key, base64, for the store to keep. */
  static String newInstallKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  byte[] installKey() {
    return installKey.clone();
  }

  byte[] mac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }

  /** 128 random bits, URL-safe. */
  String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return b64(bytes);
  }

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String sha256Hex(String text) {
    try {
      return java.util.HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Compares in time independent of where the first difference is. */
  static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}

package io.runbookd.aws;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes an AWS Signature Version 4 from a request as the server received it, following AWS's
 * published algorithm (canonical request, string to sign, derived signing key), independently of
 * the SDK that signed it: a test that the {@code Authorization} header is a real SigV4 signature
 * for the given service, region and secret, not merely shaped like one.
 */
public final class SigV4Check {
  public static final Pattern HEADER =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=(?<key>[A-Z0-9]+)/(?<date>\\d{8})/(?<region>[a-z0-9-]+)/"
              + "(?<service>[a-z0-9]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+),"
              + " Signature=(?<signature>[0-9a-f]{64})");

  private SigV4Check() {}

  /** Whether {@code request}'s signature is the one {@code secret} gives for {@code service}. */
  public static boolean valid(LoggedRequest request, String secret, String region, String service) {
    Matcher m = HEADER.matcher(request.getHeader("Authorization"));
    if (!m.matches() || !m.group("region").equals(region) || !m.group("service").equals(service)) {
      return false;
    }
    String scope = m.group("date") + "/" + region + "/" + service + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + request.getHeader("X-Amz-Date")
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical(request, m.group("signed"))));
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group("date"));
    key = hmac(hmac(hmac(key, region), service), "aws4_request");
    return hex(hmac(key, toSign)).equals(m.group("signature"));
  }

  private static String canonical(LoggedRequest request, String signedHeaders) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders.split(";")) {
      String value = request.getHeader(name).trim().replaceAll(" +", " ");
      headers.append(name).append(':').append(value).append('\n');
    }
    String path = request.getUrl().replaceAll("\\?.*", "");
    String query =
        request.getUrl().contains("?") ? request.getUrl().replaceAll("^[^?]*\\?", "") : "";
    return request.getMethod().getName()
        + "\n"
        + path
        + "\n"
        + query
        + "\n"
        + headers
        + "\n"
        + signedHeaders
        + "\n"
        + hex(sha256(request.getBody()));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}

package io.runbookd.plugin;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks shared by plugins. Values built from alert labels pass through these before they
 * reach a Kubernetes name, a URL or a query, so nothing a label says can escape its slot.
 */
public final class Checks {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  /** Never empty: {@code app=} from a label that was empty would select what has no app label. */
  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

  private Checks() {}

  /** A namespace or other DNS-1123 label: at most 63 characters, lower case, no dots. */
  public static final Check K8S_LABEL_NAME =
      value -> dns(value, DNS_LABEL, 63, "a DNS-1123 label (a-z, 0-9, '-', at most 63)");

  /** A Deployment, Pod or other object name: a DNS-1123 subdomain, at most 253 characters. */
  public static final Check K8S_NAME =
      value -> dns(value, DNS_SUBDOMAIN, 253, "a DNS-1123 subdomain (a-z, 0-9, '-', '.', at most 253)");

  /** A container environment variable name. */
  public static final Check ENV_VAR_NAMES =
      value -> {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
          return Optional.of("must name at least one variable");
        }
        for (Object key : map.keySet()) {
          if (!ENV_NAME.matcher(String.valueOf(key)).matches() || String.valueOf(key).length() > 256) {
            return Optional.of("'" + clip(key) + "' is not a valid environment variable name");
          }
        }
        for (Object v : map.values()) {
          if (String.valueOf(v).length() > 4096) {
            return Optional.of("values are limited to 4096 characters");
          }
        }
        return Optional.empty();
      };

  /**
   * A label selector of the equality form {@code app=nba-mcp,tier=api}: never empty, and no value
   * empty either.
   */
  public static final Check LABEL_SELECTOR =
      value -> {
        Map<String, String> parsed = parseSelector(String.valueOf(value));
        return parsed == null
            ? Optional.of("'" + clip(value) + "' is not a selector of key=value pairs with"
                + " non-empty values, e.g. app=nba-mcp")
            : Optional.empty();
      };

  public static Check range(long min, long max) {
    return value -> {
      long v = ((Number) value).longValue();
      return v < min || v > max
          ? Optional.of("must be between " + min + " and " + max + ", got " + v)
          : Optional.empty();
    };
  }

  /** Parses {@code k=v,k2=v2}; null when empty, malformed, or a value is empty. */
  public static Map<String, String> parseSelector(String text) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (text == null || text.isBlank() || text.length() > 1024) {
      return null;
    }
    for (String part : text.split(",")) {
      String[] kv = part.split("=", -1);
      if (kv.length != 2) {
        return null;
      }
      String key = kv[0].trim();
      String val = kv[1].trim();
      if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(val).matches() || val.length() > 63) {
        return null;
      }
      out.put(key, val);
    }
    return out;
  }

  private static Optional<String> dns(Object value, Pattern pattern, int max, String what) {
    String text = String.valueOf(value);
    if (text.isEmpty() || text.length() > max || !pattern.matcher(text).matches()) {
      return Optional.of("'" + clip(text) + "' is not " + what);
    }
    return Optional.empty();
  }

  /** Untrusted text quoted in a message: bounded, control characters replaced. */
  public static String clip(Object value) {
    String text = String.valueOf(value);
    String cut = text.length() > 64 ? text.substring(0, 64) + "…" : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}

package io.runbookd.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads typed values out of the merged key tree, collecting every problem with its key. */
final class Binder {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Object> root;

  Binder(Map<String, Object> root) {
    this.root = root;
  }

  List<String> problems() {
    return problems;
  }

  void problem(String key, String message) {
    problems.add(key + ": " + message);
  }

  Optional<Object> raw(String key) {
    Object node = root;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
        return Optional.empty();
      }
      node = map.get(part);
    }
    return Optional.ofNullable(node);
  }

  Optional<String> text(String key) {
    return raw(key)
        .flatMap(
            value -> {
              if (value instanceof Map<?, ?> || value instanceof List<?>) {
                problem(key, "must be a single value, not a " + typeName(value));
                return Optional.empty();
              }
              String s = String.valueOf(value).trim();
              return s.isEmpty() ? Optional.empty() : Optional.of(s);
            });
  }

  String text(String key, String fallback) {
    return text(key).orElse(fallback);
  }

  int integer(String key, int fallback, int min, int max) {
    return (int) number(key, fallback, min, max);
  }

  long number(String key, long fallback, long min, long max) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.get());
      if (value < min || value > max) {
        problem(key, "must be between " + min + " and " + max + ", got " + value);
        return fallback;
      }
      return value;
    } catch (NumberFormatException e) {
      problem(key, "must be a whole number, got '" + text.get() + "'");
      return fallback;
    }
  }

  long size(String key, long fallback, long min, long max) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return fallback;
    }
    Matcher m = SIZE.matcher(text.get());
    if (!m.matches()) {
      problem(key, "must be a size in bytes such as 16777216 or 16MiB, got '" + text.get() + "'");
      return fallback;
    }
    long unit = unitOf(m.group(2));
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      value = Long.MAX_VALUE;
    }
    if (value < min || value > max) {
      problem(key, "must be between " + min + " and " + max + " bytes, got " + text.get());
      return fallback;
    }
    return value;
  }

  private static long unitOf(String unit) {
    if (unit == null || unit.equals("B")) {
      return 1;
    }
    return switch (unit) {
      case "KiB" -> 1024L;
      case "MiB" -> 1024L * 1024;
      default -> 1024L * 1024 * 1024;
    };
  }

  boolean bool(String key, boolean fallback) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return fallback;
    }
    return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problem(key, "must be true or false, got '" + text.get() + "'");
        yield fallback;
      }
    };
  }

  /** A list from YAML, or from an environment variable as comma-separated text. */
  List<String> list(String key) {
    Optional<Object> raw = raw(key);
    if (raw.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (raw.get() instanceof List<?> items) {
      for (Object item : items) {
        if (item == null || item instanceof Map<?, ?> || item instanceof List<?>) {
          problem(key, "must be a list of plain values");
          return List.of();
        }
        out.add(String.valueOf(item).trim());
      }
    } else if (raw.get() instanceof Map<?, ?>) {
      problem(key, "must be a list, not a map");
    } else {
      for (String part : String.valueOf(raw.get()).split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return List.copyOf(out);
  }

  Optional<URI> uri(String key, boolean requireHttp) {
    Optional<String> text = text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    return parseUri(key, text.get(), requireHttp);
  }

  Optional<URI> parseUri(String key, String text, boolean requireHttp) {
    try {
      URI uri = new URI(text);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (requireHttp && (!http || uri.getHost() == null)) {
        problem(key, "must be an http(s) URL with a host");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      problem(key, "is not a valid URL (" + e.getReason() + ")");
      return Optional.empty();
    }
  }

  /**
   * A secret given inline ({@code key}) or read from a file ({@code keyFile}); both at once is
   * an error, because which one wins would be a guess. Messages never include the value.
   */
  Optional<Secret> secret(String key) {
    Optional<String> inline = text(key);
    Optional<String> file = text(key + "File");
    if (inline.isPresent() && file.isPresent()) {
      problem(key, "is set both inline and as " + key + "File; set one");
      return Optional.empty();
    }
    if (file.isPresent()) {
      try {
        String content = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
        if (content.isEmpty()) {
          problem(key + "File", "file " + file.get() + " is empty");
          return Optional.empty();
        }
        return Optional.of(Secret.of(content));
      } catch (IOException | RuntimeException e) {
        problem(key + "File", "cannot read " + file.get() + " (" + e.getClass().getSimpleName() + ")");
        return Optional.empty();
      }
    }
    return inline.map(Secret::of);
  }

  static String typeName(Object value) {
    if (value instanceof Map<?, ?>) {
      return "map";
    }
    return value instanceof List<?> ? "list" : "value";
  }
}

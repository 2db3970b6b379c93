package io.runbookd.redact;

import io.runbookd.plugin.Param;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.Redaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a timeline or step record may keep of a plugin's parameters, data and messages. Every text
 * loses the user information, query and fragment of any URL in it and any bearer token; beyond
 * that, the plugin's marks decide: a {@link Redaction#URL} parameter is recorded as scheme, host,
 * port and path, a {@link Redaction#BODY} as {@code {sha256, bytes}}, a {@link Redaction#SECRET}
 * one (and each {@link PluginInfo#sensitiveData} key) as {@value #MARK} in place of each value.
 * Inputs are never changed; the answers are copies, safe to serialize.
 */
public final class Redactor {
  /** What a secret value is recorded as. */
  public static final String MARK = "[redacted]";

  /** For text and values no plugin describes: URLs and bearer tokens only. */
  public static final Redactor TEXT = new Redactor(Map.of(), List.of());

  /** Shorter secrets are not searched for in messages: they would match ordinary words. */
  static final int MIN_VERBATIM = 4;

  private final Map<String, Redaction> params;
  private final List<List<String>> sensitiveData;

  private Redactor(Map<String, Redaction> params, List<List<String>> sensitiveData) {
    this.params = Map.copyOf(params);
    this.sensitiveData = List.copyOf(sensitiveData);
  }

  /** The redactor of one plugin, from the marks on its parameters and data. */
  public static Redactor of(PluginInfo info) {
    Map<String, Redaction> marks = new LinkedHashMap<>();
    for (Param p : info.params()) {
      marks.put(p.name(), p.redaction());
    }
    return new Redactor(marks, info.sensitiveData().stream().map(Redactor::path).toList());
  }

  private static List<String> path(String dotted) {
    return List.of(dotted.split("\\."));
  }

  /** Resolved parameter values (name to value) as they may be recorded. */
  public Map<String, Object> params(Map<String, Object> resolved) {
    Map<String, Object> out = new LinkedHashMap<>();
    resolved.forEach((name, value) -> out.put(name, param(params.getOrDefault(name, Redaction.NONE), value)));
    return java.util.Collections.unmodifiableMap(out);
  }

  private static Object param(Redaction how, Object value) {
    return switch (how) {
      case NONE -> Values.scrub(value);
      case URL -> value instanceof String s ? Urls.url(s) : Values.scrub(value);
      case BODY -> value == null ? null : Digest.of(value);
      case SECRET -> Values.secret(value);
    };
  }

  /** A finding's or an outcome's data as it may be recorded. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> data(Map<String, Object> data) {
    Object out = Values.scrub(data);
    for (List<String> path : sensitiveData) {
      out = Values.atPath(out, path, Values::secret);
    }
    return (Map<String, Object>) out;
  }

  /**
   * One value meant to be a URL, as it may be quoted: scheme, host, port and path, even when it
   * is not a valid URL or has no scheme ({@code admin:pw@host/x?token=y} becomes {@code
   * …@host/x?…}).
   */
  public static String url(String value) {
    return value == null ? null : Urls.url(value);
  }

  /** One line (a summary, a detail, a reason) as it may be recorded or logged. */
  public String text(String line) {
    return line == null ? null : Urls.scrub(line);
  }

  /**
   * One line about a step, as it may be recorded: {@link #text(String)}, and every value the step
   * holds secret (its secret and body parameters, the query and user information of its URL
   * parameters, its sensitive data) replaced wherever it appears verbatim.
   */
  public String text(String line, Map<String, Object> resolved, Map<String, Object> data) {
    String out = text(line);
    if (out == null) {
      return null;
    }
    for (String secret : secrets(resolved, data)) {
      out = out.replace(secret, MARK);
    }
    return out;
  }

  /** The secret texts of a step, longest first, so that none is left half replaced. */
  private List<String> secrets(Map<String, Object> resolved, Map<String, Object> data) {
    Set<String> found = new LinkedHashSet<>();
    resolved.forEach((name, value) -> {
      switch (params.getOrDefault(name, Redaction.NONE)) {
        case SECRET, BODY -> found.addAll(Values.texts(value));
        case URL -> found.addAll(value instanceof String s ? Urls.secretParts(s) : List.of());
        case NONE -> { }
      }
    });
    for (List<String> path : sensitiveData) {
      Values.atPath(data, path, v -> {
        found.addAll(Values.texts(v));
        return v;
      });
    }
    List<String> out = new ArrayList<>(found.stream().filter(s -> s.length() >= MIN_VERBATIM).toList());
    out.sort(Comparator.comparingInt(String::length).reversed());
    return out;
  }
}

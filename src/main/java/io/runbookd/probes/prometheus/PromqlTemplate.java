package io.runbookd.probes.prometheus;

import io.runbookd.plugin.Check;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.ParamException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How alert text gets into a PromQL query without changing its meaning. The query is written
 * literally in the rule; each {@code $name} in it is replaced by {@code args.name} as a complete,
 * escaped PromQL string literal, so {@code {namespace=$ns}} with {@code ns: '"} or vector(1)'}
 * selects a namespace of that odd name instead of adding {@code or vector(1)} to the query (which
 * would make any verification pass). The placeholder must stand unquoted: runbookd adds quotes.
 */
final class PromqlTemplate {
  static final int MAX_QUERY = 4096;
  static final int MAX_RENDERED = 8192;
  static final int MAX_ARGS = 16;
  static final int MAX_ARG = 1024;
  private static final Pattern ARG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private PromqlTemplate() {}

  static final Check QUERY =
      value -> {
        String text = String.valueOf(value);
        if (text.isBlank() || text.length() > MAX_QUERY) {
          return Optional.of("must be PromQL of 1 to " + MAX_QUERY + " characters");
        }
        return text.chars().anyMatch(c -> c < ' ' && c != '\n' && c != '\t' && c != '\r')
            ? Optional.of("must not contain control characters")
            : Optional.empty();
      };

  static final Check ARGS =
      value -> {
        Map<?, ?> args = (Map<?, ?>) value;
        if (args.size() > MAX_ARGS) {
          return Optional.of("at most " + MAX_ARGS + " args");
        }
        for (Map.Entry<?, ?> e : args.entrySet()) {
          String name = String.valueOf(e.getKey());
          String text = String.valueOf(e.getValue());
          if (!NAME.matcher(name).matches()) {
            return Optional.of(
                "'" + Checks.clip(name) + "' is not an arg name (letters, digits, _)");
          }
          if (text.length() > MAX_ARG || text.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(
                name + ": at most " + MAX_ARG + " characters, no control characters");
          }
        }
        return Optional.empty();
      };

  /** The query with every {@code $name} replaced by its quoted arg. */
  static String render(String query, Map<String, String> args) throws ParamException {
    Matcher m = ARG.matcher(query);
    StringBuilder out = new StringBuilder();
    Set<String> used = new LinkedHashSet<>();
    while (m.find()) {
      String name = m.group(1);
      if (!args.containsKey(name)) {
        throw new ParamException("query", "uses $" + name + ", but args has no '" + name + "'");
      }
      if (m.start() > 0 && "\"'`".indexOf(query.charAt(m.start() - 1)) >= 0) {
        throw new ParamException(
            "query", "write $" + name + " without quotes: runbookd inserts it as a quoted string");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(quote(args.get(name))));
      used.add(name);
    }
    m.appendTail(out);
    Set<String> unused = new TreeSet<>(args.keySet());
    unused.removeAll(used);
    if (!unused.isEmpty()) {
      throw new ParamException("args", "not used in query: " + String.join(", ", unused));
    }
    if (out.length() > MAX_RENDERED) {
      throw new ParamException(
          "query", "longer than " + MAX_RENDERED + " characters with its args");
    }
    return out.toString();
  }

  /** A PromQL double-quoted string literal (Go escaping); control characters were refused. */
  static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}

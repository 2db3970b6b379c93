package io.runbookd.rules;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * One Alertmanager label matcher ({@code name="v"}, {@code !=}, {@code =~}, {@code !~}), with
 * Alertmanager's semantics: a missing label equals the empty string, and regexes are RE2 syntax,
 * fully anchored. RE2 (re2j) rather than java.util.regex because label values are untrusted and RE2
 * matches in linear time, so no label can make a matcher backtrack for seconds on the event loop.
 */
public final class LabelMatcher {

  /** The four matcher operators. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  // The longer operators come first so that "=~" is not read as "=" followed by "~...".
  private static final java.util.regex.Pattern SYNTAX =
      java.util.regex.Pattern.compile(
          "^\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*$",
          java.util.regex.Pattern.DOTALL);

  private final String name;
  private final Op op;
  private final String value;
  private final Pattern regex;

  private LabelMatcher(String name, Op op, String value, Pattern regex) {
    this.name = name;
    this.op = op;
    this.value = value;
    this.regex = regex;
  }

  /**
   * Parses one matcher in Alertmanager syntax; the value may be double-quoted (with {@code \"},
   * {@code \\} and {@code \n} escapes) or bare.
   *
   * @throws IllegalArgumentException with a one-line message saying what is wrong
   */
  public static LabelMatcher parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw bad(text, "expected <label><op><value>, op one of =, !=, =~, !~");
    }
    Op op = opOf(m.group(2));
    String value = unquote(text, m.group(3));
    Pattern regex = op == Op.REGEX || op == Op.NOT_REGEX ? compile(text, value) : null;
    return new LabelMatcher(m.group(1), op, value, regex);
  }

  private static Op opOf(String symbol) {
    for (Op op : Op.values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalStateException("unreachable: operator " + symbol);
  }

  // Alertmanager's escapes: \n, \" and \\; any other backslash stays literal (regexes need it).
  private static String unquote(String text, String raw) {
    boolean quoted = raw.startsWith("\"");
    int end = raw.length();
    if (quoted) {
      if (raw.length() < 2 || !raw.endsWith("\"") || escapedAt(raw, raw.length() - 1)) {
        throw bad(text, "missing closing double quote");
      }
      end--;
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = quoted ? 1 : 0; i < end; i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        throw bad(text, "unescaped double quote in value");
      }
      if (c == '\\' && i + 1 < end) {
        char next = raw.charAt(++i);
        if (next == 'n') {
          out.append('\n');
        } else {
          out.append(next == '"' || next == '\\' ? "" : "\\").append(next);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether the character at {@code index} is preceded by an odd number of backslashes. */
  private static boolean escapedAt(String s, int index) {
    int backslashes = 0;
    for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  private static IllegalArgumentException bad(String text, String why) {
    return new IllegalArgumentException("bad matcher '" + SafeText.of(text) + "': " + why);
  }

  private static Pattern compile(String text, String value) {
    try {
      // Compiled alone first so that a value like "a)|(b" cannot escape the anchoring group.
      Pattern.compile(value);
      return Pattern.compile("^(?:" + value + ")$");
    } catch (PatternSyntaxException e) {
      throw bad(text, "invalid regex: " + e.getDescription());
    }
  }

  public String name() {
    return name;
  }

  public Op op() {
    return op;
  }

  public String value() {
    return value;
  }

  /** Whether the label set satisfies this matcher; a missing label counts as "". */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (op) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case REGEX -> regex.matches(actual);
      case NOT_REGEX -> !regex.matches(actual);
    };
  }

  /** The matcher in Alertmanager syntax, value quoted: {@code namespace="nba-mcp"}. */
  @Override
  public String toString() {
    String escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    return name + op.symbol + '"' + escaped + '"';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMatcher other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, op, value);
  }
}

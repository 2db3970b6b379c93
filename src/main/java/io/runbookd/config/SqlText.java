package io.runbookd.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PostgreSQL's lexical rules to check a configured query before it is ever run: it
 * is one statement, it reads (SELECT or WITH; it also runs in a read-only transaction), and it has
 * as many {@code ?} placeholders as declared parameters. Quoted text, quoted names, dollar-quoted
 * strings and comments are skipped, as the JDBC driver skips them; {@code ??} is the driver's
 * escape for a literal {@code ?}.
 */
final class SqlText {
  static final int MAX_LENGTH = 10_000;
  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");
  private static final Pattern FIRST_WORD = Pattern.compile("(?s)\\s*([A-Za-z]+)\\b.*");

  private SqlText() {}

  /** What is wrong with {@code sql} for a query declaring {@code params} parameters. */
  static Optional<String> problem(String sql, int params) {
    if (sql.length() > MAX_LENGTH) {
      return Optional.of("is longer than " + MAX_LENGTH + " characters");
    }
    Matcher first = FIRST_WORD.matcher(sql);
    String word = first.matches() ? first.group(1).toUpperCase(Locale.ROOT) : "";
    if (!word.equals("SELECT") && !word.equals("WITH")) {
      return Optional.of("must start with SELECT or WITH: configured queries only read");
    }
    Scan scan = scan(withoutTrailingSemicolon(sql));
    if (scan.unterminated()) {
      return Optional.of("has an unterminated quote or comment");
    }
    if (scan.semicolons() > 0) {
      return Optional.of("must be one statement (no ';' except at the end)");
    }
    if (scan.placeholders() != params) {
      return Optional.of(
          "has " + scan.placeholders() + " '?' placeholders but " + params + " declared params");
    }
    return Optional.empty();
  }

  static String withoutTrailingSemicolon(String sql) {
    String text = sql.strip();
    return text.endsWith(";") ? text.substring(0, text.length() - 1).strip() : text;
  }

  record Scan(int placeholders, int semicolons, boolean unterminated) {}

  static Scan scan(String sql) {
    int placeholders = 0;
    int semicolons = 0;
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end = skip(sql, i);
      if (end < 0) {
        return new Scan(placeholders, semicolons, true);
      }
      if (end > i) {
        i = end;
        continue;
      }
      if (c == '?' && i + 1 < sql.length() && sql.charAt(i + 1) == '?') {
        i += 2;
        continue;
      }
      placeholders += c == '?' ? 1 : 0;
      semicolons += c == ';' ? 1 : 0;
      i++;
    }
    return new Scan(placeholders, semicolons, false);
  }

  /**
   * The index after the quoted text or comment starting at {@code i}; {@code i} if none; -1 if
   * unterminated.
   */
  private static int skip(String sql, int i) {
    char c = sql.charAt(i);
    if (c == '\'') {
      return closeQuote(sql, i + 1, '\'', escapeString(sql, i));
    }
    if (c == '"') {
      return closeQuote(sql, i + 1, '"', false);
    }
    if (sql.startsWith("--", i)) {
      int nl = sql.indexOf('\n', i);
      return nl < 0 ? sql.length() : nl + 1;
    }
    if (sql.startsWith("/*", i)) {
      return closeBlockComment(sql, i);
    }
    if (c == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
      Matcher tag = DOLLAR_TAG.matcher(sql).region(i, sql.length());
      if (tag.lookingAt()) {
        int close = sql.indexOf(tag.group(), tag.end());
        return close < 0 ? -1 : close + tag.group().length();
      }
    }
    return i;
  }

  /** {@code E'...'} strings take backslash escapes; standard strings do not. */
  private static boolean escapeString(String sql, int quote) {
    return quote > 0
        && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
        && (quote == 1 || !Character.isLetterOrDigit(sql.charAt(quote - 2)));
  }

  private static int closeQuote(String sql, int from, char quote, boolean backslash) {
    for (int i = from; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (backslash && c == '\\') {
        i++;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** PostgreSQL block comments nest. */
  private static int closeBlockComment(String sql, int from) {
    int depth = 0;
    for (int i = from; i < sql.length() - 1; i++) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i++;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i++;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    return -1;
  }
}

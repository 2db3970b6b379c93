package io.runbookd.plugin;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text of a permission with {@code {param}} placeholders, filled from a rule step's literal
 * parameter values: {@code arn:aws:rds:*:*:db:{instance}} becomes {@code
 * arn:aws:rds:*:*:db:nba-mcp-prod} for a step that names its instance.
 */
public record Template(String text) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

  /** The parameter names it reads. */
  public Set<String> placeholders() {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The text with each placeholder replaced by the literal value, or {@code *} without one. */
  public String fill(Map<String, String> literals) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(literals.getOrDefault(m.group(1), "*")));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether every placeholder has a literal value. */
  public boolean literalIn(Map<String, String> literals) {
    return literals.keySet().containsAll(placeholders());
  }
}

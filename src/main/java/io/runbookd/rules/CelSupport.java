package io.runbookd.rules;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import java.util.ArrayList;
import java.util.List;

/** What the two CEL environments of rule files share: options and readable error messages. */
final class CelSupport {

  /** Longest expression accepted; the schema says the same. */
  static final int MAX_EXPRESSION_LENGTH = 2000;

  // Bounds evaluation: at most this many loop iterations over all macros of one expression.
  static final int MAX_ITERATIONS = 1000;

  private CelSupport() {}

  static CelOptions options() {
    return CelOptions.current()
        // So that "alert.value > 1" compares a double with an int, as users expect.
        .enableHeterogeneousNumericComparisons(true)
        .comprehensionMaxIterations(MAX_ITERATIONS)
        .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
        .build();
  }

  /**
   * One line per issue, {@code kind at column N: message}; {@code known} lists the variables, for
   * the message about an unknown one.
   */
  static List<String> describe(
      String kind, List<CelIssue> issues, String expression, List<String> known) {
    List<String> out = new ArrayList<>();
    for (CelIssue issue : issues) {
      int line = issue.getSourceLocation().getLine();
      int column = issue.getSourceLocation().getColumn() + 1;
      String where = line > 1 ? " at line " + line + ", column " + column : " at column " + column;
      String name = identifierAt(expression, line, column);
      out.add(kind + where + ": " + simplify(issue.getMessage(), name, known));
    }
    return out;
  }

  // CEL lists every overload candidate and says "undeclared reference to 'alert'" for an
  // unknown alert field; both read better short and with the names involved.
  private static String simplify(String message, String name, List<String> known) {
    int candidates = message.indexOf(" (candidates:");
    String out = candidates >= 0 ? message.substring(0, candidates) : message;
    if (out.startsWith("undeclared reference to '")) {
      return "unknown variable '" + name + "'; known: " + String.join(", ", known);
    }
    return out.replace(" (in container '')", "");
  }

  /** The dotted identifier starting at a 1-based line and column of the expression, or "". */
  private static String identifierAt(String expression, int line, int column) {
    String[] lines = expression.split("\n", -1);
    if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length()) {
      return "";
    }
    String text = lines[line - 1];
    int end = column - 1;
    while (end < text.length()
        && (Character.isLetterOrDigit(text.charAt(end)) || "_.".indexOf(text.charAt(end)) >= 0)) {
      end++;
    }
    return text.substring(column - 1, end);
  }
}

package io.runbookd.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles {@code when} expressions. The environment declares exactly three variables, as qualified
 * names so that the checker knows {@code alert.value} is a double: {@code alert.labels} and {@code
 * alert.annotations} (map(string, string)) and {@code alert.value} (double). Build one per loader:
 * building the CEL environment is the expensive part.
 */
public final class ConditionCompiler {

  static final String LABELS = "alert.labels";
  static final String ANNOTATIONS = "alert.annotations";
  static final String VALUE = "alert.value";

  /** Longest expression accepted; the schema says the same. */
  static final int MAX_EXPRESSION_LENGTH = 2000;

  // Bounds evaluation: at most this many loop iterations over all macros of one expression.
  private static final int MAX_ITERATIONS = 1000;

  /** The result of compiling one expression: a condition, or the errors (one line each). */
  public record Compiled(Optional<Condition> condition, List<String> errors) {}

  private final CelCompiler compiler;
  private final CelRuntime runtime;

  public ConditionCompiler() {
    CelOptions options =
        CelOptions.current()
            // So that "alert.value > 1" compares a double with an int, as users expect.
            .enableHeterogeneousNumericComparisons(true)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
            .build();
    MapType stringMap = MapType.create(SimpleType.STRING, SimpleType.STRING);
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar(LABELS, stringMap)
            .addVar(ANNOTATIONS, stringMap)
            .addVar(VALUE, SimpleType.DOUBLE)
            .build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
  }

  /** Parses, type-checks and plans {@code expression}, which must be boolean-typed. */
  public Compiled compile(String expression) {
    CelValidationResult parsed = compiler.parse(expression);
    if (parsed.hasError()) {
      return failed(describe("CEL syntax error", parsed.getErrors(), expression));
    }
    try {
      CelValidationResult checked = compiler.check(parsed.getAst());
      if (checked.hasError()) {
        return failed(describe("CEL type error", checked.getErrors(), expression));
      }
      CelAbstractSyntaxTree ast = checked.getAst();
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        return failed(
            List.of("must be a boolean expression, but its type is " + ast.getResultType().name()));
      }
      boolean readsValue =
          ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals(VALUE));
      return new Compiled(
          Optional.of(new Condition(expression, runtime.createProgram(ast), readsValue)),
          List.of());
    } catch (CelValidationException | CelEvaluationException e) {
      return failed(List.of("CEL error: " + e.getMessage()));
    }
  }

  private static Compiled failed(List<String> errors) {
    return new Compiled(Optional.empty(), errors);
  }

  private static List<String> describe(String kind, List<CelIssue> issues, String expression) {
    List<String> out = new ArrayList<>();
    for (CelIssue issue : issues) {
      int line = issue.getSourceLocation().getLine();
      int column = issue.getSourceLocation().getColumn() + 1;
      String where = line > 1 ? " at line " + line + ", column " + column : " at column " + column;
      String name = identifierAt(expression, line, column);
      out.add(kind + where + ": " + simplify(issue.getMessage(), name));
    }
    return out;
  }

  // CEL lists every overload candidate and says "undeclared reference to 'alert'" for an
  // unknown alert field; both read better short and with the names involved.
  private static String simplify(String message, String name) {
    int candidates = message.indexOf(" (candidates:");
    String out = candidates >= 0 ? message.substring(0, candidates) : message;
    if (out.startsWith("undeclared reference to 'alert'")) {
      return "unknown variable '"
          + name
          + "'; known: "
          + LABELS
          + ", "
          + ANNOTATIONS
          + ", "
          + VALUE;
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

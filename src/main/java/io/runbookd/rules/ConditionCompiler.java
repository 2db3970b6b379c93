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
  static final int MAX_EXPRESSION_LENGTH = CelSupport.MAX_EXPRESSION_LENGTH;

  /** The result of compiling one expression: a condition, or the errors (one line each). */
  public record Compiled(Optional<Condition> condition, List<String> errors) {}

  private final CelCompiler compiler;
  private final CelRuntime runtime;

  public ConditionCompiler() {
    CelOptions options = CelSupport.options();
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
    return CelSupport.describe(kind, issues, expression, List.of(LABELS, ANNOTATIONS, VALUE));
  }
}

package io.runbookd.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
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
 * Compiles the expressions of rule steps: {@code remediate[].when}, parameter values written {@code
 * {expr: ...}} and {@code verify.condition}. Besides the alert's {@code alert.labels}, {@code
 * alert.annotations} (map(string, string)) and {@code alert.value} (double), they read {@code
 * probes} (map(string, dyn): each diagnose step's data by id), {@code vars} (map(string, string):
 * the configuration's vars), {@code result} (map(string, dyn): the verification probe's data) and
 * {@code params} (map(string, dyn): the manual parameters of a run a person started; int as int,
 * number as double, string, bool, and a duration as its text, e.g. {@code "2h"}, which duration
 * parameters of plugins accept). Which expression may read which is the rule parser's business.
 * Same options as {@link ConditionCompiler}; build one per loader.
 */
public final class StepExpressions {

  static final String PROBES = "probes";
  static final String VARS = "vars";
  static final String RESULT = "result";
  static final String PARAMS = "params";

  private static final List<String> VARIABLES =
      List.of(
          ConditionCompiler.LABELS,
          ConditionCompiler.ANNOTATIONS,
          ConditionCompiler.VALUE,
          PROBES,
          VARS,
          RESULT,
          PARAMS);

  /** The result of compiling one expression: the expression, or its errors (one line each). */
  public record Compiled(Optional<StepExpression> expression, List<String> errors) {
    public Compiled {
      errors = List.copyOf(errors);
    }
  }

  private final CelCompiler compiler;
  private final CelRuntime runtime;

  public StepExpressions() {
    CelOptions options = CelSupport.options();
    MapType strings = MapType.create(SimpleType.STRING, SimpleType.STRING);
    MapType data = MapType.create(SimpleType.STRING, SimpleType.DYN);
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar(ConditionCompiler.LABELS, strings)
            .addVar(ConditionCompiler.ANNOTATIONS, strings)
            .addVar(ConditionCompiler.VALUE, SimpleType.DOUBLE)
            .addVar(PROBES, data)
            .addVar(VARS, strings)
            .addVar(RESULT, data)
            .addVar(PARAMS, data)
            .build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
  }

  /** A parameter value: any type; the plugin's checks decide when the step runs. */
  public Compiled value(String source) {
    return compile(source, false);
  }

  /**
   * A condition: boolean, or {@code dyn} (anything read from probe data is), which must then be a
   * boolean when evaluated ({@link Expression#test}).
   */
  public Compiled condition(String source) {
    return compile(source, true);
  }

  private Compiled compile(String source, boolean condition) {
    CelValidationResult parsed = compiler.parse(source);
    if (parsed.hasError()) {
      return failed(describe("CEL syntax error", parsed, source));
    }
    try {
      CelValidationResult checked = compiler.check(parsed.getAst());
      if (checked.hasError()) {
        return failed(describe("CEL type error", checked, source));
      }
      CelAbstractSyntaxTree ast = checked.getAst();
      CelKind kind = ast.getResultType().kind();
      if (condition && kind != CelKind.BOOL && kind != CelKind.DYN) {
        return failed(
            List.of("must be a boolean expression, but its type is " + ast.getResultType().name()));
      }
      StepExpression expression =
          new StepExpression(source, runtime.createProgram(ast), CelReads.of(ast));
      return new Compiled(Optional.of(expression), List.of());
    } catch (CelValidationException | CelEvaluationException e) {
      return failed(List.of("CEL error: " + e.getMessage()));
    }
  }

  private static List<String> describe(String kind, CelValidationResult result, String source) {
    return CelSupport.describe(kind, result.getErrors(), source, VARIABLES);
  }

  private static Compiled failed(List<String> errors) {
    return new Compiled(Optional.empty(), errors);
  }
}

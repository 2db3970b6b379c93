package io.runbookd.rules;

import java.util.Set;

/**
 * A compiled CEL expression of a rule step (a {@code when} condition, a parameter value, a {@code
 * verify} condition). Evaluation is side-effect free and bounded.
 */
public interface Expression {

  /** The text as written in the rule file. */
  String source();

  /** The ids of the probes it reads ({@code probes.<id>...}): they must have answered. */
  Set<String> probesRead();

  /**
   * Evaluates against the context. Returns CEL's Java values: {@code Boolean}, {@code Long}, {@code
   * Double}, {@code String}, {@code List}, {@code Map}.
   *
   * @throws EvaluationException with a one-line reason when it cannot be evaluated
   */
  Object evaluate(StepContext context) throws EvaluationException;

  /**
   * Evaluates a condition ({@code when}, {@code verify.condition}). Conditions over probe data are
   * typed {@code dyn} at load, so a value that is not a boolean is only found here.
   *
   * @throws EvaluationException when it cannot be evaluated or is not a boolean
   */
  default boolean test(StepContext context) throws EvaluationException {
    Object value = evaluate(context);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new EvaluationException(
        "'"
            + SafeText.of(source())
            + "' is not a boolean: its value is "
            + SafeText.of(String.valueOf(value), 100));
  }

  /** Why an expression could not be evaluated. */
  final class EvaluationException extends Exception {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
      super(message);
    }
  }
}

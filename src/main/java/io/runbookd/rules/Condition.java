package io.runbookd.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.runbookd.alert.Alert;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A rule's {@code when} condition: a CEL expression compiled and type-checked once at load.
 *
 * <p>Evaluation is side-effect free (no custom functions are bound), bounded (comprehension budget,
 * RE2 regexes; see {@link ConditionCompiler}) and never throws: every failure is a rejection with
 * its reason. Label text is only ever a value bound to {@code alert.labels}, never parsed as an
 * expression.
 */
public final class Condition {

  private final String source;
  private final CelRuntime.Program program;
  private final boolean readsValue;

  Condition(String source, CelRuntime.Program program, boolean readsValue) {
    this.source = source;
    this.program = program;
    this.readsValue = readsValue;
  }

  /** The expression as written in the rule file. */
  public String source() {
    return source;
  }

  /** Whether the expression reads {@code alert.value}. */
  public boolean readsValue() {
    return readsValue;
  }

  Verdict evaluate(Alert alert) {
    OptionalDouble value = alert.value();
    String shown = "when '" + SafeText.of(source) + "'";
    Object result;
    try {
      result = program.eval(resolver(alert, value));
    } catch (CelEvaluationException | RuntimeException e) {
      return Verdict.reject(shown + " failed: " + SafeText.of(e.getMessage()));
    }
    if (result instanceof Boolean b) {
      String withValue =
          readsValue && value.isPresent() ? "alert.value=" + value.getAsDouble() : "";
      return b
          ? Verdict.accept(shown + " true" + (withValue.isEmpty() ? "" : " with " + withValue))
          : Verdict.reject(shown + " false" + (withValue.isEmpty() ? "" : " (" + withValue + ")"));
    }
    // An unbound alert.value evaluates to CEL's "unknown" rather than an error.
    if (readsValue && value.isEmpty()) {
      return Verdict.reject(shown + ": alert has no numeric 'value' annotation");
    }
    return Verdict.reject(shown + " did not evaluate to a boolean");
  }

  private static CelVariableResolver resolver(Alert alert, OptionalDouble value) {
    return name ->
        switch (name) {
          case ConditionCompiler.LABELS -> Optional.of(alert.labels());
          case ConditionCompiler.ANNOTATIONS -> Optional.of(alert.annotations());
          case ConditionCompiler.VALUE ->
              value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
          default -> Optional.empty();
        };
  }

  @Override
  public String toString() {
    return source;
  }
}

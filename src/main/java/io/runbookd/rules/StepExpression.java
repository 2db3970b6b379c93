package io.runbookd.rules;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import dev.cel.runtime.CelVariableResolver;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A step expression compiled and type-checked at load by {@link StepExpressions}. Evaluation is
 * side-effect free (no custom functions), bounded (comprehension budget, RE2) and fails only with
 * an {@link EvaluationException} whose one-line reason names what was missing: a probe without a
 * result, an unconfigured {@code vars} entry, an absent label, an alert without a value.
 */
public final class StepExpression implements Expression {

  // "evaluation error at <input>:12: " says nothing a user can act on; the overload list is noise.
  private static final Pattern CEL_PREFIX = Pattern.compile("^evaluation error at [^:]*:\\d+: ");
  private static final Pattern CEL_CANDIDATES = Pattern.compile("\\. Overload candidates: .*$");

  private final String source;
  private final CelRuntime.Program program;
  private final CelReads reads;

  StepExpression(String source, CelRuntime.Program program, CelReads reads) {
    this.source = source;
    this.program = program;
    this.reads = reads;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Set<String> probesRead() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(reads.of(StepExpressions.PROBES)));
  }

  /** The alert labels it reads ({@code alert.labels.X}, {@code alert.labels["X"]}). */
  Set<String> labelsRead() {
    return reads.of(ConditionCompiler.LABELS);
  }

  /** The manual parameters it names, read or only tested: each must be declared. */
  Set<String> paramsNamed() {
    return reads.named(StepExpressions.PARAMS);
  }

  /** The probe ids it names, read or only tested with {@code has()}: each must be a probe. */
  Set<String> probesNamed() {
    return reads.named(StepExpressions.PROBES);
  }

  /** Whether it reads the variable {@code name} at all, e.g. {@code result}. */
  boolean reads(String name) {
    return reads.variables().contains(name);
  }

  @Override
  public Object evaluate(StepContext context) throws EvaluationException {
    if (reads(StepExpressions.RESULT) && context.result().isEmpty()) {
      throw failure("'result' is only available in verify");
    }
    Object value;
    try {
      value = program.eval(resolver(context));
    } catch (CelEvaluationException | RuntimeException e) {
      throw failure(explain(context, e));
    }
    if (value instanceof CelUnknownSet) {
      // An unbound variable evaluates to CEL's "unknown" rather than to an error.
      boolean noValue = reads(ConditionCompiler.VALUE) && context.alert().value().isEmpty();
      throw failure(
          noValue ? "the alert has no numeric 'value' annotation" : "a variable is unset");
    }
    Optional<Object> plain = CelValues.fromCel(value);
    if (plain.isEmpty()) {
      String type = value == null ? "null" : value.getClass().getSimpleName();
      throw failure("its value (" + type + ") is not a boolean, number, text, list or map");
    }
    if (plain.get() instanceof String text && text.isBlank()) {
      throw failure(empty(context));
    }
    return plain.get();
  }

  /**
   * Empty text is refused like any invalid value: a namespace, name or selector built from an
   * empty label would otherwise mean "every" or "none" to the plugin that gets it.
   */
  private String empty(StepContext context) {
    for (String label : reads.of(ConditionCompiler.LABELS)) {
      if (context.alert().labels().getOrDefault(label, "").isBlank()) {
        return "its value is empty: the alert's label '" + SafeText.of(label) + "' is empty";
      }
    }
    return "its value is empty";
  }

  private EvaluationException failure(String reason) {
    return new EvaluationException(
        "cannot evaluate '" + SafeText.of(source) + "': " + SafeText.of(reason, 500));
  }

  /** The missing input that most likely made evaluation fail, else CEL's own reason. */
  private String explain(StepContext context, Exception e) {
    for (String id : reads.of(StepExpressions.PROBES)) {
      if (!context.probes().containsKey(id)) {
        return "probe '" + id + "' has no result";
      }
    }
    for (String name : reads.of(StepExpressions.VARS)) {
      if (!context.vars().containsKey(name)) {
        return "vars." + name + " is not configured";
      }
    }
    for (String name : reads.of(StepExpressions.PARAMS)) {
      if (!context.params().containsKey(name)) {
        return "params." + name + " is not set (only runs started by hand have parameters)";
      }
    }
    for (String label : reads.of(ConditionCompiler.LABELS)) {
      if (!context.alert().labels().containsKey(label)) {
        return "the alert has no label '" + label + "'";
      }
    }
    for (String annotation : reads.of(ConditionCompiler.ANNOTATIONS)) {
      if (!context.alert().annotations().containsKey(annotation)) {
        return "the alert has no annotation '" + annotation + "'";
      }
    }
    String message = String.valueOf(e.getMessage());
    message = CEL_CANDIDATES.matcher(CEL_PREFIX.matcher(message).replaceFirst("")).replaceFirst("");
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  private static CelVariableResolver resolver(StepContext context) {
    OptionalDouble value = context.alert().value();
    Map<String, Object> probes = new LinkedHashMap<>();
    context.probes().forEach((id, data) -> probes.put(id, CelValues.toCelMap(data)));
    return name ->
        switch (name) {
          case ConditionCompiler.LABELS -> Optional.of(context.alert().labels());
          case ConditionCompiler.ANNOTATIONS -> Optional.of(context.alert().annotations());
          case ConditionCompiler.VALUE ->
              value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
          case StepExpressions.PROBES -> Optional.of(probes);
          case StepExpressions.VARS -> Optional.of(context.vars());
          case StepExpressions.RESULT -> context.result().map(CelValues::toCelMap);
          case StepExpressions.PARAMS -> Optional.of(CelValues.toCelMap(context.params()));
          default -> Optional.empty();
        };
  }

  @Override
  public String toString() {
    return source;
  }
}

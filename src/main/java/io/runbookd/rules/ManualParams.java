package io.runbookd.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The typed parameters of a runbook's {@code manual} trigger, and the binder that turns what a
 * person passed (the API's {@code params}, the CLI's {@code --param K=V}: text) into typed values.
 * Binding reports every problem at once, each naming its parameter: an unknown name, a missing
 * required one, a value of the wrong type, out of bounds, not matching the pattern or not one of
 * the allowed values.
 */
public final class ManualParams {

  private static final ManualParams NONE = new ManualParams(List.of());

  /**
   * What binding yielded.
   *
   * @param values every parameter's typed value (given, else its default), in declaration order;
   *     empty when there is a problem
   * @param problems one line each, starting with the parameter's name; empty when bound
   */
  public record Binding(Map<String, Object> values, List<String> problems) {
    public Binding {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final List<ManualParam> params;

  public ManualParams(List<ManualParam> params) {
    this.params = List.copyOf(params);
  }

  /** A manual trigger without parameters. */
  public static ManualParams none() {
    return NONE;
  }

  /** The parameters in the order the rule file declares them. */
  public List<ManualParam> params() {
    return params;
  }

  public Optional<ManualParam> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Binds {@code raw}, by parameter name; see the class comment for what is refused. */
  public Binding bind(Map<String, String> raw) {
    Objects.requireNonNull(raw, "raw");
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(raw.keySet())) {
      if (param(name).isEmpty()) {
        problems.add(SafeText.of(name) + ": unknown parameter; " + known());
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ManualParam param : params) {
      String text = raw.get(param.name());
      if (text == null) {
        param
            .defaultValue()
            .ifPresentOrElse(
                v -> values.put(param.name(), v),
                () -> problems.add(param.name() + ": missing; it has no default"));
        continue;
      }
      bindOne(param, text, problems).ifPresent(v -> values.put(param.name(), v));
    }
    return new Binding(problems.isEmpty() ? values : Map.of(), problems);
  }

  /** The default values, of the parameters that have one. */
  public Map<String, Object> defaults() {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach(p -> p.defaultValue().ifPresent(v -> out.put(p.name(), v)));
    return Collections.unmodifiableMap(out);
  }

  private static Optional<Object> bindOne(ManualParam param, String text, List<String> problems) {
    String prefix = param.name() + ": ";
    if (text.length() > ManualValues.MAX_TEXT) {
      problems.add(prefix + "longer than " + ManualValues.MAX_TEXT + " characters");
      return Optional.empty();
    }
    if (!SafeText.of(text, ManualValues.MAX_TEXT).equals(text)) {
      problems.add(prefix + "must not contain control characters or line breaks");
      return Optional.empty();
    }
    Optional<Object> value = ManualValues.fromText(param.type(), text);
    if (value.isEmpty()) {
      problems.add(prefix + "'" + text + "' " + ManualValues.expected(param.type()));
      return Optional.empty();
    }
    Optional<String> problem = param.problem(value.get());
    problem.ifPresent(p -> problems.add(prefix + p));
    return problem.isPresent() ? Optional.empty() : value;
  }

  private String known() {
    return params.isEmpty()
        ? "the runbook takes no parameters"
        : "known: " + String.join(", ", params.stream().map(ManualParam::name).toList());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ManualParams that && params.equals(that.params);
  }

  @Override
  public int hashCode() {
    return params.hashCode();
  }

  @Override
  public String toString() {
    return "manual" + params.stream().map(ManualParam::name).toList();
  }
}

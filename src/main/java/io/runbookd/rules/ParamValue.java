package io.runbookd.rules;

/**
 * A step parameter as written in a rule file: a literal, or a CEL expression ({@code {expr:
 * ...}}) evaluated right before the step runs. Expression results pass the plugin's checks
 * like literals do, so a value built from alert labels cannot escape its slot.
 */
public sealed interface ParamValue {

  /** A YAML scalar, list or map, used as it is. */
  record Literal(Object value) implements ParamValue {}

  /** An expression over {@code alert}, {@code probes} and {@code vars}. */
  record Expr(Expression expression) implements ParamValue {}
}

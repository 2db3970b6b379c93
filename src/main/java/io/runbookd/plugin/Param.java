package io.runbookd.plugin;

import java.util.Objects;

/**
 * One parameter a plugin takes: its name in rule files, its shape, whether it is required,
 * one line of description (for docs/rules.md), the check its value must pass, and how its value
 * is recorded ({@link Redaction}).
 */
public record Param(
    String name,
    ParamType type,
    boolean required,
    String description,
    Check check,
    Redaction redaction) {
  public Param {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(description);
    Objects.requireNonNull(check);
    Objects.requireNonNull(redaction);
  }

  /** A parameter recorded as it is. */
  public Param(String name, ParamType type, boolean required, String description, Check check) {
    this(name, type, required, description, check, Redaction.NONE);
  }

  public static Param required(String name, ParamType type, String description, Check check) {
    return new Param(name, type, true, description, check);
  }

  public static Param optional(String name, ParamType type, String description, Check check) {
    return new Param(name, type, false, description, check);
  }

  /** The same parameter, recorded as {@code how} says. */
  public Param redacted(Redaction how) {
    return new Param(name, type, required, description, check, how);
  }

  /** The same parameter, its value never recorded (a token, header values). */
  public Param sensitive() {
    return redacted(Redaction.SECRET);
  }
}

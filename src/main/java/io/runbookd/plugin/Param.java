package io.runbookd.plugin;

import java.util.Objects;

/**
 * One parameter a plugin takes: its name in rule files, its shape, whether it is required,
 * one line of description (for docs/rules.md), and the check its value must pass.
 */
public record Param(String name, ParamType type, boolean required, String description, Check check) {
  public Param {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    Objects.requireNonNull(description);
    Objects.requireNonNull(check);
  }

  public static Param required(String name, ParamType type, String description, Check check) {
    return new Param(name, type, true, description, check);
  }

  public static Param optional(String name, ParamType type, String description, Check check) {
    return new Param(name, type, false, description, check);
  }
}

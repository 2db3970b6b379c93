package io.runbookd.plugin;

/** The value shapes a plugin parameter can take, as written in rule files. */
public enum ParamType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  /** Text such as {@code 30s}, {@code 15m}, {@code 2h}. */
  DURATION,
  /** A map of text to text, e.g. container environment variables. */
  STRING_MAP,
  STRING_LIST
}

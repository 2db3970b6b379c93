package io.runbookd.plugin;

/** A parameter value a plugin cannot use; names the parameter. */
public final class ParamException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String param;

  public ParamException(String param, String message) {
    super(param + ": " + message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}

package io.runbookd.plugin;

/**
 * The target system answered, and the answer is that the call cannot succeed as asked (the
 * object does not exist, the request is invalid). Retrying will not help and the system is
 * not down, so the engine neither retries it nor counts it against the system's circuit.
 */
public class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  public RefusedException(String message) {
    super(message);
  }
}

package io.runbookd.engine;

/** A probe or action call that did not return: timed out, refused, circuit open, or failed. */
public final class CallException extends Exception {
  private static final long serialVersionUID = 1L;

  public CallException(String message, Throwable cause) {
    super(message, cause);
  }
}

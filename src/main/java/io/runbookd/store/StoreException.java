package io.runbookd.store;

/** The store could not do what was asked; the caller decides whether to retry. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

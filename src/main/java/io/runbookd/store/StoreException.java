package io.runbookd.store;

/** The store could not do what was asked; the caller decides whether to retry. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }

  /** The writer's queue is full: the store is not keeping up (the webhook answers 503). */
  public static final class Overloaded extends StoreException {
    private static final long serialVersionUID = 1L;

    Overloaded() {
      super("the store's write queue is full");
    }
  }

  /**
   * The store cannot write now (disk full, read-only file, connection lost): nothing of the
   * write was kept, and the store recovers by itself when the cause goes away.
   */
  public static final class Unavailable extends StoreException {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

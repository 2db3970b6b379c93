package io.runbookd.ingest;

/** A webhook body that can never become valid: answered 400 naming the field, nothing stored. */
public final class PayloadException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public PayloadException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

package io.runbookd.store;

/** A timeline entry to append: what happened, one human line, optional JSON details. */
public record TimelineLine(String kind, String message, String data) {
  public static TimelineLine of(String kind, String message) {
    return new TimelineLine(kind, message, null);
  }
}

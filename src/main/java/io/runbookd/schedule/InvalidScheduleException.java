package io.runbookd.schedule;

/**
 * A cron expression, time zone or window that cannot be a schedule. The message is one line that
 * names the part at fault, e.g. {@code day-of-week: 'MON#6': the occurrence after # must be 1 to
 * 5}, so a rule loader can prefix it with the file, line and key.
 */
public final class InvalidScheduleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidScheduleException(String message) {
    super(message);
  }
}

package io.runbookd.schedule;

import java.util.Objects;

/**
 * A cron expression, time zone or window that cannot be a schedule. The message is one line that
 * names the part at fault, e.g. {@code day-of-week: 'MON#6': the occurrence after # must be 1 to 5}
 * or {@code timezone: 'Europe/Pari' is not an IANA time zone id ...}, so a rule loader can prefix
 * it with the file, line and key of {@link #part()}.
 */
public final class InvalidScheduleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Which of the three parts of a schedule is at fault. */
  public enum Part {
    CRON,
    TIMEZONE,
    WINDOW
  }

  private final Part part;

  public InvalidScheduleException(Part part, String message) {
    super(message);
    this.part = Objects.requireNonNull(part, "part");
  }

  public Part part() {
    return part;
  }
}

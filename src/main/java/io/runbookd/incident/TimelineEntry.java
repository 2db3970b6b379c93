package io.runbookd.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * One step of an incident's history. Entries are appended, never changed.
 *
 * @param kind what happened, e.g. {@code received}, {@code matched}, {@code resolved}
 * @param message one human line saying what and why
 * @param data optional JSON with the details behind the message
 */
public record TimelineEntry(
    long seq, Instant at, String kind, String message, Optional<String> data) {}

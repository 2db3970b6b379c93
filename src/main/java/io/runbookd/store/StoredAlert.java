package io.runbookd.store;

import io.runbookd.alert.Alert;
import java.time.Instant;

/** One alert episode of an incident, as stored. */
public record StoredAlert(String id, Alert alert, Instant receivedAt) {}

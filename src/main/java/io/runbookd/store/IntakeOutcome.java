package io.runbookd.store;

/** What storing one alert did. */
public enum IntakeOutcome {
  /** A new episode: the incident was created. */
  CREATED,
  /** The episode was already stored; nothing changed. */
  DUPLICATE,
  /** The alert is resolved and its incident was closed by this delivery. */
  RESOLVED,
}

package io.runbookd.rules;

/** Incident priority, as in the seed's escalation procedure: P0 critical down to P3 low. */
public enum Priority {
  P0,
  P1,
  P2,
  P3
}

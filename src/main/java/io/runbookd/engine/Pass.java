package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.incident.Incident;
import io.runbookd.rules.Rule;
import io.runbookd.store.Lease;

/**
 * One reconcile pass over one incident: the incident as read when the pass began, the rule it
 * runs (the version it started with), the effective mode, and the lease every write is fenced
 * with.
 */
record Pass(Incident incident, Rule rule, Mode mode, Lease lease) {
  String id() {
    return incident.id();
  }
}

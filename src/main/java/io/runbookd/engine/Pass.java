package io.runbookd.engine;

import io.runbookd.config.Mode;
import io.runbookd.incident.Incident;
import io.runbookd.rules.Rule;
import io.runbookd.store.Lease;

/**
 * One reconcile pass over one incident: the incident as read when the pass began, the rule it
 * runs (the version it started with), the effective mode (a drill never acts), the lease every
 * write is fenced with, and a run's parameters (what step expressions read as {@code params}).
 */
record Pass(Incident incident, Rule rule, Mode mode, Lease lease, java.util.Map<String, Object> params) {
  String id() {
    return incident.id();
  }
}

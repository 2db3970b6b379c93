package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import java.sql.SQLException;
import java.util.Set;

/**
 * At most N distinct targets per incident: a runbook that starts touching more and more
 * objects is stopped before it touches the fleet. (The share of a workload's replicas and
 * disruption budgets are held by the actions that know them, e.g. eviction.)
 */
public final class BlastRadiusGuard implements Guard {
  private final GuardStore store;
  private final int maxTargets;

  public BlastRadiusGuard(GuardStore store, int maxTargets) {
    this.store = store;
    this.maxTargets = maxTargets;
  }

  @Override
  public String name() {
    return "blast_radius";
  }

  @Override
  public Decision check(ActionRequest request) {
    if (request.undo()) {
      return Decision.allow(name(), "an undo touches a target already counted");
    }
    try {
      Set<String> touched = store.targetsOf(request.incidentId());
      if (!touched.contains(request.target().key()) && touched.size() >= maxTargets) {
        return Decision.block(name(), "the incident already acted on " + touched.size()
            + " targets; at most " + maxTargets + " per incident");
      }
      return Decision.allow(name(), (touched.size() + 1) + " of at most " + maxTargets + " targets");
    } catch (SQLException e) {
      return Decision.block(name(), "the action ledger cannot be read");
    }
  }
}

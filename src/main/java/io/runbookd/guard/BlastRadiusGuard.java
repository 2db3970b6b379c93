package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import io.runbookd.store.StoreException;
import java.util.Set;

/**
 * At most N distinct targets of one kind per incident (pods of one namespace, sessions of one
 * database, …): a runbook that starts touching more and more objects of a kind is stopped before
 * it touches the fleet, while a fix that touches a session, a table and a Deployment is not. (The share of a workload's replicas and
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
      String kind = request.target().kind();
      Set<String> touched = store.targetsOf(request.incidentId()).getOrDefault(kind, Set.of());
      if (!touched.contains(request.target().key()) && touched.size() >= maxTargets) {
        return Decision.block(name(), "the incident already acted on " + touched.size() + " targets of kind "
            + kind + "; at most " + maxTargets + " per kind and incident");
      }
      int count = touched.contains(request.target().key()) ? touched.size() : touched.size() + 1;
      return Decision.allow(name(), count + " of at most " + maxTargets + " targets of kind " + kind);
    } catch (StoreException e) {
      return Decision.block(name(), "the action ledger cannot be read");
    }
  }
}

package io.runbookd.guard;

import io.runbookd.actions.Reversibility;
import io.runbookd.store.GuardStore;
import io.runbookd.store.StoreException;
import java.util.Optional;

/**
 * A step marked {@code approval: required}, and every action that cannot be undone, waits for
 * a human: {@code POST /api/v1/incidents/{id}/approve} or {@code …/deny}.
 */
public final class ApprovalGuard implements Guard {
  private final GuardStore store;

  private final java.time.Clock clock;

  public ApprovalGuard(GuardStore store, java.time.Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "approval";
  }

  @Override
  public Decision check(ActionRequest request) {
    boolean needed = request.approval() || request.reversibility() == Reversibility.PERMANENT;
    if (!needed) {
      return Decision.allow(name(), "no approval needed");
    }
    try {
      Optional<GuardStore.Approval> approval = store.approval(request.incidentId(), request.stepId());
      Optional<String> decision = approval.flatMap(GuardStore.Approval::decision);
      if (decision.isEmpty() && approval.isPresent() && !clock.instant().isBefore(approval.get().deadline())) {
        return Decision.block(name(), "the approval window closed at " + approval.get().deadline()
            + " without a decision");
      }
      if (decision.isEmpty()) {
        String why = request.approval() ? "the rule asks for approval" : "it cannot be undone";
        return Decision.hold(name(), "waiting for approval: " + why);
      }
      String by = approval.flatMap(GuardStore.Approval::by).orElse("?");
      return decision.get().equals("approved")
          ? Decision.allow(name(), "approved by " + by)
          : Decision.block(name(), "denied by " + by);
    } catch (StoreException e) {
      return Decision.block(name(), "approvals cannot be read");
    }
  }
}

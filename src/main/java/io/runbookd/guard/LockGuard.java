package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import io.runbookd.store.StoreException;
import java.time.Clock;
import java.util.Optional;

/**
 * One remediation per target at a time: a target another incident is working on (its lock in
 * the store) is not touched. The engine takes the lock when the step runs.
 */
public final class LockGuard implements Guard {
  private final GuardStore store;
  private final Clock clock;

  public LockGuard(GuardStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "target_lock";
  }

  @Override
  public Decision check(ActionRequest request) {
    try {
      Optional<String> holder = store.lockHolder(request.target().key(), clock.instant());
      if (holder.isPresent() && !holder.get().equals(request.incidentId())) {
        return Decision.block(name(), request.target().key() + " is being remediated by incident "
            + holder.get());
      }
      return Decision.allow(name(), "no other incident holds " + request.target().key());
    } catch (StoreException e) {
      return Decision.block(name(), "target locks cannot be read");
    }
  }
}

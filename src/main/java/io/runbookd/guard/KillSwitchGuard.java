package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import io.runbookd.store.StoreException;

/**
 * {@code POST /api/v1/pause}: while paused no mutating step runs, on any replica. The switch
 * lives only in the store and is read before every step, so a pause or resume sent to any
 * replica holds on all of them as soon as it is committed. When the stored state cannot be
 * read, runbookd behaves as paused: it fails closed.
 */
public final class KillSwitchGuard implements Guard {
  private final GuardStore store;

  public KillSwitchGuard(GuardStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "kill_switch";
  }

  @Override
  public Decision check(ActionRequest request) {
    try {
      return store.paused()
          ? Decision.block(name(), "runbookd is paused (POST /api/v1/resume to resume)")
          : Decision.allow(name(), "not paused");
    } catch (StoreException e) {
      return Decision.block(name(), "the kill switch cannot be read; treated as paused");
    }
  }
}

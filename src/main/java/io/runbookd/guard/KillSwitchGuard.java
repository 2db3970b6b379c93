package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /api/v1/pause}: while paused no mutating step runs. The switch lives in the store
 * (so every replica and every restart sees it); this replica also flips a local flag at once.
 * When the stored state cannot be read, runbookd behaves as paused: it fails closed.
 */
public final class KillSwitchGuard implements Guard {
  private final GuardStore store;
  private final AtomicBoolean local = new AtomicBoolean();

  public KillSwitchGuard(GuardStore store) {
    this.store = store;
  }

  /** Records the switch here at once; the caller also writes it to the store. */
  public void pausedHere(boolean paused) {
    local.set(paused);
  }

  @Override
  public String name() {
    return "kill_switch";
  }

  @Override
  public Decision check(ActionRequest request) {
    if (local.get()) {
      return Decision.block(name(), "runbookd is paused (POST /api/v1/resume to resume)");
    }
    try {
      return store.paused()
          ? Decision.block(name(), "runbookd is paused (POST /api/v1/resume to resume)")
          : Decision.allow(name(), "not paused");
    } catch (SQLException e) {
      return Decision.block(name(), "the kill switch cannot be read; treated as paused");
    }
  }
}

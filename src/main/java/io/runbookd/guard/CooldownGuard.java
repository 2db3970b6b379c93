package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import io.runbookd.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * At most one run of an action per target within the cooldown (e.g. one restart of a
 * Deployment per 30 minutes), counted from the durable ledger so a restart resets nothing.
 */
public final class CooldownGuard implements Guard {
  private final GuardStore store;
  private final Duration cooldown;
  private final Clock clock;

  public CooldownGuard(GuardStore store, Duration cooldown, Clock clock) {
    this.store = store;
    this.cooldown = cooldown;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "cooldown";
  }

  @Override
  public Decision check(ActionRequest request) {
    if (request.undo()) {
      return Decision.allow(name(), "an undo is not rate limited");
    }
    try {
      Optional<Instant> last = store.lastAction(request.action(), request.target().key(), request.incidentId());
      Instant now = clock.instant();
      if (last.isPresent() && last.get().plus(cooldown).isAfter(now)) {
        return Decision.block(name(), request.action() + " ran on " + request.target().key() + " at "
            + last.get() + "; cooldown " + cooldown.toMinutes() + "m until " + last.get().plus(cooldown));
      }
      return Decision.allow(name(), "no " + request.action() + " on this target in the last "
          + cooldown.toMinutes() + "m");
    } catch (StoreException e) {
      return Decision.block(name(), "the action ledger cannot be read");
    }
  }
}

package io.runbookd.guard;

import io.runbookd.store.GuardStore;
import io.runbookd.store.StoreException;
import java.time.Clock;
import java.time.Duration;

/** A fleet-wide budget of mutating actions per hour, across every rule and incident. */
public final class BudgetGuard implements Guard {
  private final GuardStore store;
  private final int perHour;
  private final Clock clock;

  public BudgetGuard(GuardStore store, int perHour, Clock clock) {
    this.store = store;
    this.perHour = perHour;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "budget";
  }

  @Override
  public Decision check(ActionRequest request) {
    if (request.undo()) {
      return Decision.allow(name(), "an undo does not spend the budget");
    }
    try {
      long used = store.actionsSince(clock.instant().minus(Duration.ofHours(1)));
      return used >= perHour
          ? Decision.block(name(), used + " mutating actions in the last hour; the budget is " + perHour)
          : Decision.allow(name(), used + " of " + perHour + " actions used this hour");
    } catch (StoreException e) {
      return Decision.block(name(), "the action ledger cannot be read");
    }
  }
}

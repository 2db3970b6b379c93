package io.runbookd.store;

import java.util.Optional;

/**
 * Whether the store accepts writes now: false from a failed commit until a commit (or the
 * writer's probe) succeeds again. Readiness and the webhook's answers read it.
 */
final class StoreHealth {
  private volatile String fault;

  boolean writable() {
    return fault == null;
  }

  Optional<String> fault() {
    return Optional.ofNullable(fault);
  }

  void committed() {
    fault = null;
  }

  void failed(String why) {
    fault = why;
  }
}

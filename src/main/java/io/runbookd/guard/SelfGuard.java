package io.runbookd.guard;

import java.util.Set;

/**
 * runbookd never acts on itself: not its own Deployment, not its own store (a datasource that
 * is the store's database). Alerts about runbookd only page. Its namespace is held by
 * {@link NamespaceGuard}.
 */
public final class SelfGuard implements Guard {
  private final Set<String> targets;
  private final Set<String> systems;

  /**
   * @param targets target keys that are runbookd itself, e.g. its Deployment
   * @param systems target systems that are runbookd's own store, e.g. {@code sql:runbookd}
   */
  public SelfGuard(Set<String> targets, Set<String> systems) {
    this.targets = Set.copyOf(targets);
    this.systems = Set.copyOf(systems);
  }

  @Override
  public String name() {
    return "self";
  }

  @Override
  public Decision check(ActionRequest request) {
    if (targets.contains(request.target().key())) {
      return Decision.block(name(), request.target().key() + " is runbookd itself");
    }
    if (systems.contains(request.target().system())) {
      return Decision.block(name(), request.target().system() + " is runbookd's own store");
    }
    return Decision.allow(name(), "not runbookd itself");
  }
}

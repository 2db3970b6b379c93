package io.runbookd.guard;

/** The first guard: observe plans nothing, dry-run plans, only enforce lets a step run. */
public final class ModeGuard implements Guard {
  @Override
  public String name() {
    return "mode";
  }

  @Override
  public Decision check(ActionRequest request) {
    return switch (request.mode()) {
      case OBSERVE -> Decision.block(name(), "mode observe: actions are neither planned nor run");
      case DRY_RUN -> Decision.plan(name(), "mode dry-run: planned, not run");
      case ENFORCE -> Decision.allow(name(), "mode enforce");
    };
  }
}

package io.runbookd.console;

import io.runbookd.store.GuardStore;
import io.runbookd.store.RuntimeSettings;
import io.runbookd.store.StoreException;
import java.time.Instant;
import java.util.Optional;

/** The kill switch as every guard reads it, with why it was set; unreadable counts as paused. */
record KillSwitch(boolean paused, Optional<String> by, Instant at, Optional<String> reason) {
  static KillSwitch read(GuardStore guards, RuntimeSettings settings) {
    try {
      GuardStore.Switch s = guards.killSwitch();
      Optional<String> reason = s.paused() ? settings.get(RuntimeSettings.PAUSED_REASON).filter(r -> !r.isBlank())
          : Optional.empty();
      return new KillSwitch(s.paused(), s.by(), s.at(), reason);
    } catch (StoreException e) {
      return new KillSwitch(true, Optional.empty(), Instant.EPOCH,
          Optional.of("the kill switch cannot be read: every guard treats it as paused"));
    }
  }

  /** Draws the banner shown on every page while paused; nothing while actions may run. */
  void banner(Html html, Viewer viewer) {
    html.open("div", "id", "kill-switch", "data-live", "");
    if (paused) {
      html.open("section", "class", "banner paused", "role", "alert", "aria-label", "Kill switch");
      html.el("strong", "Paused: no action runs, on any replica.").text(" ");
      by.ifPresent(b -> html.text("Paused by " + b + " at " + Format.time(at) + ". "));
      reason.ifPresent(r -> html.text("Reason: ").el("q", r).text(" "));
      if (viewer.mayDecide()) {
        html.link("/console/resume", "Resume…", "class", "button");
      }
      html.close("section");
    }
    html.close("div");
  }
}

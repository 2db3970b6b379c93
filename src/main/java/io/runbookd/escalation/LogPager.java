package io.runbookd.escalation;

import io.runbookd.plugin.PluginInfo;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the page to the log (and, through the engine, to the timeline). Always available. */
public final class LogPager implements Pager {
  private static final Logger log = LoggerFactory.getLogger("runbookd.page");
  private static final PluginInfo INFO =
      new PluginInfo(
          "log",
          "Writes the page to runbookd's log and the incident timeline.",
          "escalate:\n  priority: P1\n  pagers: [log]",
          List.of(),
          List.of("none: writes to runbookd's own log"));

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public Delivery send(Page page) {
    log.warn(
        "PAGE {} {} {} {}: {}; findings: {}; actions: {}",
        page.event(),
        page.priority(),
        page.incidentId(),
        page.title(),
        page.reason(),
        String.join(" | ", page.findings()),
        String.join(" | ", page.actions()));
    return Delivery.delivered("logged");
  }
}

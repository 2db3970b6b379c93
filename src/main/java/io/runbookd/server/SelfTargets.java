package io.runbookd.server;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.guard.SelfGuard;
import java.util.HashSet;
import java.util.Set;

/** What counts as runbookd itself: its Deployment (if configured) and its own store. */
final class SelfTargets {
  private SelfTargets() {}

  static SelfGuard guard(RunbookdConfig config) {
    Set<String> targets = new HashSet<>();
    config.guards().selfDeployment().ifPresent(d -> targets.add("kubernetes:deployment/" + d));
    Set<String> systems = new HashSet<>();
    config.datasources().forEach((name, ds) -> {
      if (sameDatabase(ds.url(), config.store().url())) {
        systems.add("sql:" + name);
      }
    });
    return new SelfGuard(targets, systems);
  }

  /** The same JDBC URL, ignoring parameters after '?'. */
  private static boolean sameDatabase(String a, String b) {
    return strip(a).equalsIgnoreCase(strip(b));
  }

  private static String strip(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}

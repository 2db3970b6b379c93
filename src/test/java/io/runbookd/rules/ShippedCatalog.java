package io.runbookd.rules;

import io.runbookd.config.ConfigLoader;
import io.runbookd.plugin.Catalog;
import io.runbookd.server.OfflinePlugins;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real plugin declarations, configured by the shipped {@code config/runbookd.yaml}: what
 * the daemon loads the shipped rules with. One per test JVM; its clients connect to nothing.
 */
final class ShippedCatalog {
  private static OfflinePlugins offline;

  private ShippedCatalog() {}

  static synchronized Catalog get() {
    if (offline == null) {
      offline =
          new OfflinePlugins(
              new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true"))
                  .load(Path.of("config/runbookd.yaml")));
      OfflinePlugins created = offline;
      Runtime.getRuntime().addShutdownHook(new Thread(created::close));
    }
    return offline.plugins();
  }

  /** Shipped rule {@code id}, loaded from {@code rules/} as the daemon does; the files load cleanly. */
  static Rule rule(String id) {
    LoadResult result = new RuleLoader(get()).load(Path.of("rules"));
    if (!result.lines().isEmpty()) {
      throw new AssertionError("the shipped rules do not load: " + result.lines());
    }
    return result.ruleSet().orElseThrow().byId(id).orElseThrow();
  }
}

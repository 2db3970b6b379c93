package io.runbookd.cli;

import io.runbookd.config.ConfigException;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration the offline commands (validate, simulate, plugins) describe plugins with:
 * {@code config/runbookd.yaml} and the environment when they are usable, else the defaults.
 * These commands contact nothing, so they need no webhook token.
 */
final class OfflineConfig {
  private OfflineConfig() {}

  static RunbookdConfig load() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent("RUNBOOKD_WEBHOOK_INSECURE", "true");
    ConfigLoader loader = new ConfigLoader(env);
    Path file = Path.of("config/runbookd.yaml");
    try {
      return Files.isRegularFile(file) ? loader.load(file) : loader.bind(new HashMap<>());
    } catch (ConfigException e) {
      return new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")).bind(new HashMap<>());
    }
  }
}

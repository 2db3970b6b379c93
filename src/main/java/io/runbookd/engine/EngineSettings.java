package io.runbookd.engine;

import io.runbookd.config.Mode;
import java.time.Duration;
import java.util.Map;

/**
 * What the engine takes from configuration.
 *
 * @param lease how long one replica holds an incident it works on before another may take it
 * @param tick how often due incidents are looked for
 */
public record EngineSettings(
    Mode mode, Map<String, String> vars, String owner, Duration lease, Duration tick, int workers) {
  public EngineSettings {
    vars = Map.copyOf(vars);
  }
}

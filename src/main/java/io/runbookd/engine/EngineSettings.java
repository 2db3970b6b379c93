package io.runbookd.engine;

import io.runbookd.config.Mode;
import java.time.Duration;
import java.util.Map;

/**
 * What the engine takes from configuration.
 *
 * @param lease how long one replica holds an incident it works on before another may take it
 * @param tick how often due incidents are looked for
 * @param approvalTimeout how long an action waits for a human before the incident escalates
 */
public record EngineSettings(
    Mode mode,
    Map<String, String> vars,
    String owner,
    Duration lease,
    Duration tick,
    int workers,
    Duration approvalTimeout) {
  public EngineSettings {
    vars = Map.copyOf(vars);
  }
}

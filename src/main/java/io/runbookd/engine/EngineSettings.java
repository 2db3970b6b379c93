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
 * @param staleAfter probe data older than this is read again before a step is decided on it
 *     (after a restart, after an approval)
 * @param externalUrl runbookd's own URL as people reach it, for links in reports and pages
 */
public record EngineSettings(
    Mode mode,
    Map<String, String> vars,
    String owner,
    Duration lease,
    Duration tick,
    int workers,
    Duration approvalTimeout,
    Duration staleAfter,
    java.util.Optional<java.net.URI> externalUrl) {
  public EngineSettings {
    vars = Map.copyOf(vars);
  }

  public EngineSettings(Mode mode, Map<String, String> vars, String owner, Duration lease, Duration tick,
      int workers, Duration approvalTimeout) {
    this(mode, vars, owner, lease, tick, workers, approvalTimeout, Duration.ofMinutes(5), java.util.Optional.empty());
  }

  /** Without links to runbookd itself. */
  public EngineSettings(Mode mode, Map<String, String> vars, String owner, Duration lease, Duration tick,
      int workers, Duration approvalTimeout, Duration staleAfter) {
    this(mode, vars, owner, lease, tick, workers, approvalTimeout, staleAfter, java.util.Optional.empty());
  }
}

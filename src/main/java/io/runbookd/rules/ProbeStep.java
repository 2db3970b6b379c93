package io.runbookd.rules;

import java.time.Duration;
import java.util.Map;

/**
 * One {@code diagnose} entry: run probe {@code probe} with {@code params}; its data is then
 * readable as {@code probes.<id>}.
 *
 * @param timeout how long the probe may take (default 10 s, at most 5 min)
 * @param line where it starts in the rule file, for messages
 */
public record ProbeStep(
    String id, String probe, Map<String, ParamValue> params, Duration timeout, int line) {
  public ProbeStep {
    params = Map.copyOf(params);
  }
}

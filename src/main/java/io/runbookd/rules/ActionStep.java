package io.runbookd.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code remediate} entry, run in order: action {@code action} with {@code params} when
 * {@code when} holds.
 *
 * @param needs probe ids whose results must be present for the step to run: by default the
 *     probes its condition and parameters read; a rule may list them explicitly (also empty)
 * @param approval whether a human must approve it first (actions issue)
 * @param timeout how long the engine waits for the action to answer before it counts as failed
 */
public record ActionStep(
    String id,
    String action,
    Map<String, ParamValue> params,
    Optional<Expression> when,
    Set<String> needs,
    boolean approval,
    java.time.Duration timeout,
    int line) {
  public ActionStep {
    params = Map.copyOf(params);
    needs = Set.copyOf(needs);
  }
}

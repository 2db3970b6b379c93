package io.runbookd.actions;

import java.util.Map;

/**
 * How to take an action back: another action (often the same one) with the parameters that
 * restore the previous state, as raw values the engine validates like any step's.
 *
 * @param action the name of the action that undoes it, e.g. {@code k8s.set_env}
 * @param params its parameters, e.g. the previous values
 */
public record Undo(String action, Map<String, Object> params) {
  public Undo {
    params = Map.copyOf(params);
  }
}

package io.runbookd.rules;

import java.util.List;
import java.util.Optional;

/**
 * One stage of a runbook that runs in stages ({@code stages}): its actions, in order, then an
 * optional verification that they took effect, then an optional gate that must pass before the
 * next stage starts. A stage with neither actions nor gate does nothing and is refused at load.
 *
 * @param id unique among the rule's stages, named in the timeline
 * @param actions run like {@code remediate} steps, through the same guards; their ids share the
 *     rule's one step id space
 * @param verify like the rule-level {@code verify}: the actions' effect must come to hold
 * @param gate what must pass before the next stage
 */
public record Stage(String id, List<ActionStep> actions, Optional<VerifyStep> verify, Optional<Gate> gate,
    int line) {
  public Stage {
    actions = List.copyOf(actions);
  }
}

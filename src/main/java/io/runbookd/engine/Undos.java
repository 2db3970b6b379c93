package io.runbookd.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Undo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The way back from a step, worked out before the step runs: the action reads the state it is
 * about to change, and its undo is stored with the step's started record. A crash between the
 * change and its recorded outcome then leaves the undo in place for a failed verification.
 */
final class Undos {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Calls calls;
  private final ObjectMapper json;

  Undos(Calls calls, ObjectMapper json) {
    this.calls = calls;
    this.json = json;
  }

  /** The undo of a reversible step as JSON, read from the target now; empty when none applies. */
  Optional<String> before(Bound.BoundAction bound) {
    if (bound.reversibility() != Reversibility.REVERSIBLE) {
      return Optional.empty();
    }
    try {
      Optional<Map<String, Object>> state =
          calls.read(bound.target().system(), Remediation.ACTION_TIMEOUT, bound::snapshot);
      return bound.undo(Outcome.done("the state before the change", state.orElse(Map.of()))).map(this::write);
    } catch (CallException | RuntimeException e) {
      return Optional.empty();
    }
  }

  String write(Undo undo) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("action", undo.action());
    out.put("params", undo.params());
    try {
      return json.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an undo's parameters always serialize", e);
    }
  }

  Optional<Undo> read(String text) {
    try {
      Map<String, Object> in = json.readValue(text, MAP);
      if (in.get("action") instanceof String action && in.get("params") instanceof Map<?, ?> params) {
        Map<String, Object> typed = new LinkedHashMap<>();
        params.forEach((k, v) -> typed.put(String.valueOf(k), v));
        return Optional.of(new Undo(action, typed));
      }
      return Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}

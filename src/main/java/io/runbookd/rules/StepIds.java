package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The steps of a rule's {@code diagnose} and {@code remediate} lists and their ids, which share one
 * id space: the timeline names a step by id alone, so a remediate step may not reuse a probe's.
 */
final class StepIds {

  private static final List<String> SECTIONS = List.of("diagnose", "remediate");

  private StepIds() {}

  /** Calls {@code each} with every step of {@code section} that is a list. */
  static void forEach(Reporter r, String section, BiConsumer<Where, JsonNode> each) {
    JsonNode items = r.json(List.of(section));
    for (int i = 0; items.isArray() && i < items.size(); i++) {
      JsonNode item = items.get(i);
      each.accept(Where.step(section, i, item.path("id").asText("")), item);
    }
  }

  /** The text ids of the diagnose steps, in order. */
  static Set<String> probes(Reporter r) {
    Set<String> out = new LinkedHashSet<>();
    forEach(r, "diagnose", (where, item) -> text(item).ifPresent(out::add));
    return out;
  }

  /** The names of the manual parameters, in order. */
  static Set<String> params(Reporter r) {
    Set<String> out = new LinkedHashSet<>();
    r.json(List.of("manual", "params")).fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Calls {@code each} with every entry of list {@code key} under {@code parent}. */
  static void forEach(Reporter r, Where parent, String key, BiConsumer<Where, JsonNode> each) {
    JsonNode items = r.json(parent.path(key));
    for (int i = 0; items.isArray() && i < items.size(); i++) {
      JsonNode item = items.get(i);
      each.accept(parent.item(key, i, item.path("id").asText("")), item);
    }
  }

  /**
   * Reports every id used a second time, at its line, naming the first: among the steps
   * (diagnose, remediate and every stage's actions), among the stages, and among the checks of
   * one gate.
   */
  static void checkUnique(Reporter r) {
    Map<String, Integer> steps = new HashMap<>();
    Map<String, Integer> stages = new HashMap<>();
    for (String section : SECTIONS) {
      forEach(r, section, (where, item) -> unique(r, steps, where, item, "step"));
    }
    forEach(r, "stages", (stage, item) -> {
      unique(r, stages, stage, item, "stage");
      forEach(r, stage, "actions", (where, action) -> unique(r, steps, where, action, "step"));
      Map<String, Integer> checks = new HashMap<>();
      forEach(r, stage.child("gate"), "checks", (where, check) -> unique(r, checks, where, check, "check"));
    });
  }

  private static void unique(Reporter r, Map<String, Integer> seen, Where where, JsonNode item, String what) {
    text(item).ifPresent(id -> {
      int line = r.line(where.path("id"));
      Integer first = seen.putIfAbsent(id, line);
      if (first != null) {
        r.at(line, RuleSchema.render(where.path("id")) + ": duplicate " + what + " id '" + SafeText.of(id)
            + "' (first at line " + first + ")");
      }
    });
  }

  private static Optional<String> text(JsonNode item) {
    JsonNode id = item.path("id");
    return id.isTextual() ? Optional.of(id.asText()) : Optional.empty();
  }
}

package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code drill} section: how often (default every 90 days), and what a drill replays: its
 * manual parameters, which must bind, or its example alert. A manual-only runbook whose parameters
 * lack defaults needs {@code drill.params}, or it could never be drilled.
 */
final class DrillParser {

  static final Duration MIN_EVERY = Duration.ofDays(1);
  static final Duration MAX_EVERY = Duration.ofDays(366);

  private static final Where WHERE = Where.section("drill");

  private DrillParser() {}

  static Drill parse(Reporter r, Optional<ManualParams> manual, boolean alertDriven) {
    JsonNode section = r.json(WHERE.path());
    Optional<Duration> every =
        StepDurations.parse(r, WHERE, "every", Drill.DEFAULT_EVERY, MIN_EVERY, MAX_EVERY, "366d");
    Map<String, String> params = params(r, section.path("params"));
    if (section.has("params") && manual.isEmpty()) {
      r.at(
          r.keyLine(WHERE.path(), "params"),
          "drill.params: only runbooks with a manual trigger take parameters");
    } else if (complete(r, manual) && (section.has("params") || !alertDriven)) {
      checkBinds(r, manual.orElseThrow(), params, section.has("params"));
    }
    JsonNode example = section.path("example");
    if (example.isTextual() && !alertDriven) {
      r.at(
          r.line(WHERE.path("example")),
          "drill.example: only alert-driven runbooks (with match) replay an example alert");
    }
    return new Drill(
        every.orElse(Drill.DEFAULT_EVERY),
        params,
        example.isTextual() ? Optional.of(example.asText()) : Optional.empty());
  }

  /** Whether the manual parameters were all read: else binding would report them again. */
  private static boolean complete(Reporter r, Optional<ManualParams> manual) {
    return manual.isPresent()
        && manual.get().params().size() == r.json(List.of("manual", "params")).size();
  }

  /** The parameters as the API takes them: text; YAML numbers and booleans as written. */
  private static Map<String, String> params(Reporter r, JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  private static void checkBinds(
      Reporter r, ManualParams manual, Map<String, String> params, boolean written) {
    if (!written) {
      List<String> required =
          manual.params().stream().filter(ManualParam::required).map(ManualParam::name).toList();
      if (!required.isEmpty()) {
        r.at(
            r.keyLine(List.of(), "manual"),
            "manual: a drill needs a value for "
                + String.join(", ", required)
                + " (no default): give drill.params");
      }
      return;
    }
    for (String problem : manual.bind(params).problems()) {
      String name = problem.substring(0, Math.max(problem.indexOf(':'), 0));
      boolean given = params.containsKey(name);
      int line = given ? r.keyLine(WHERE.path("params"), name) : r.keyLine(WHERE.path(), "params");
      r.at(line, "drill.params: " + problem);
    }
  }
}

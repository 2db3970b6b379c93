package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.PluginInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code stages} (each: actions, an optional verify, an optional gate) and {@code
 * verify_rollback}, reporting what the schema cannot: a rule with both stages and
 * remediate/verify, a stage that does nothing, a gate that mixes checks and approval, durations
 * out of bounds, and everything a step or condition can get wrong.
 */
final class StagesParser {

  static final Duration MAX_HOLD = Duration.ofDays(7);
  static final Duration DEFAULT_APPROVAL = Duration.ofHours(24);
  static final Duration MIN_APPROVAL = Duration.ofMinutes(1);
  static final Duration DEFAULT_EVERY = Duration.ofMinutes(5);

  /** Parses one action step at its place; {@link StepsParser} owns how. */
  interface ActionReader {
    Optional<ActionStep> read(Reporter r, Where where, JsonNode item, StepCompiler.Scope scope);
  }

  private final ActionReader actions;
  private final StepCompiler compiler;
  private final StepParams params;
  private final VerifyParser verify;

  StagesParser(ActionReader actions, StepCompiler compiler, StepParams params, VerifyParser verify) {
    this.actions = actions;
    this.compiler = compiler;
    this.params = params;
    this.verify = verify;
  }

  List<Stage> parse(Reporter r, StepCompiler.Scope scope) {
    JsonNode root = r.json(List.of());
    if (!root.has("stages")) {
      if (root.has("verify_rollback")) {
        r.at(r.line(List.of("verify_rollback")), "verify_rollback: only a rule with stages rolls back by stage");
      }
      return List.of();
    }
    for (String other : List.of("remediate", "verify")) {
      if (root.has(other)) {
        r.at(r.line(List.of(other)), other + ": a rule has remediate and verify, or stages, not both");
      }
    }
    List<Stage> out = new ArrayList<>();
    StepIds.forEach(r, "stages", (where, item) -> stage(r, where, item, scope).ifPresent(out::add));
    return out;
  }

  Optional<VerifyStep> rollbackCheck(Reporter r, StepCompiler.Scope scope) {
    return verify.parse(r, Where.section("verify_rollback"), scope);
  }

  private Optional<Stage> stage(Reporter r, Where where, JsonNode item, StepCompiler.Scope scope) {
    List<ActionStep> steps = new ArrayList<>();
    StepIds.forEach(r, where, "actions", (at, action) -> actions.read(r, at, action, scope).ifPresent(steps::add));
    Optional<VerifyStep> check = verify.parse(r, where.child("verify"), scope);
    Optional<Gate> gate = item.has("gate") ? gate(r, where.child("gate"), scope) : Optional.empty();
    boolean acts = item.path("actions").size() > 0;
    if (!acts && !item.has("gate")) {
      r.at(r.line(where.path()), where.label() + ": a stage needs actions, a gate, or both");
    }
    if (!acts && item.has("verify")) {
      r.at(r.line(where.path("verify")), where.say("verify") + ": a stage without actions has nothing to verify");
    }
    if (!item.path("id").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(new Stage(item.path("id").asText(), steps, check, gate, r.line(where.path())));
  }

  private Optional<Gate> gate(Reporter r, Where where, StepCompiler.Scope scope) {
    JsonNode gate = r.json(where.path());
    if (!gate.isObject()) {
      return Optional.empty(); // the schema reports it
    }
    if (gate.has("approval")) {
      for (String key : List.of("checks", "for", "every")) {
        if (gate.has(key)) {
          r.at(r.keyLine(where.path(), key), where.say(key) + ": an approval gate has no " + key
              + " (a gate is checks held for a while, or an approval, not both)");
        }
      }
      return StepDurations.parse(r, where, "within", DEFAULT_APPROVAL, MIN_APPROVAL, MAX_HOLD)
          .map(within -> new Gate.Approval(within, r.line(where.path())));
    }
    if (gate.has("within")) {
      r.at(r.keyLine(where.path(), "within"), where.say("within") + ": only an approval gate has a deadline;"
          + " a gate of checks passes after 'for'");
    }
    if (!gate.has("checks") || !gate.has("for")) {
      r.at(r.line(where.path()), where.label() + ": a gate needs checks and for (how long they must hold),"
          + " or approval: required");
      return Optional.empty();
    }
    return watch(r, where, scope);
  }

  private Optional<Gate> watch(Reporter r, Where where, StepCompiler.Scope scope) {
    Optional<Duration> holdFor = StepDurations.parse(r, where, "for", Duration.ZERO, Duration.ZERO, MAX_HOLD);
    Duration longest = holdFor.filter(d -> !d.isZero()).orElse(MAX_HOLD);
    Duration fallback = DEFAULT_EVERY.compareTo(longest) < 0 ? DEFAULT_EVERY : longest;
    Optional<Duration> every = StepDurations.parse(r, where, "every", fallback, VerifyParser.MIN_EVERY, longest,
        holdFor.filter(d -> !d.isZero()).map(d -> "for (" + StepDurations.show(d) + ")").orElse("7d"));
    List<Gate.Check> checks = new ArrayList<>();
    StepIds.forEach(r, where, "checks", (at, item) -> check(r, at, item, scope).ifPresent(checks::add));
    if (r.json(where.path("checks")).isArray() && r.json(where.path("checks")).isEmpty()) {
      r.at(r.line(where.path("checks")), where.say("checks") + ": a gate needs at least one check");
    }
    if (holdFor.isEmpty() || every.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Gate.Watch(holdFor.get(), every.get(), checks, r.line(where.path())));
  }

  private Optional<Gate.Check> check(Reporter r, Where where, JsonNode item, StepCompiler.Scope scope) {
    Optional<PluginInfo> plugin = params.plugin(r, where, "probe", Catalog.Kind.PROBE);
    Map<String, ParamValue> values = params.parse(r, where, plugin, scope);
    Optional<StepExpression> condition = compiler.compile(r, r.keyLine(where.path(), "condition"),
        where.say("condition"), item.path("condition"), true, scope.readingResult());
    if (!item.path("id").isTextual() || !item.path("probe").isTextual() || condition.isEmpty()) {
      return Optional.empty();
    }
    VerifyStep.Missing missing = "zero".equals(item.path("missing").asText("fail"))
        ? VerifyStep.Missing.ZERO : VerifyStep.Missing.FAIL;
    return Optional.of(new Gate.Check(item.path("id").asText(), item.path("probe").asText(), values,
        condition.get(), missing, r.line(where.path())));
  }
}

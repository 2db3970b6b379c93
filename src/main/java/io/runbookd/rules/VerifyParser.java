package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.PluginInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code verify} section: a probe, its parameters, a condition over {@code result} (the
 * probe's data), the window it must hold within and how often to look.
 */
final class VerifyParser {

  static final Duration MIN_EVERY = Duration.ofSeconds(10);
  static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);
  static final Duration MAX_WITHIN = Duration.ofHours(24);

  private final StepCompiler compiler;
  private final StepParams params;

  VerifyParser(StepCompiler compiler, StepParams params) {
    this.compiler = compiler;
    this.params = params;
  }

  Optional<VerifyStep> parse(Reporter r, StepCompiler.Scope scope) {
    return parse(r, Where.section("verify"), scope);
  }

  /** The verify-shaped section at {@code where} ({@code verify}, a stage's, {@code verify_rollback}). */
  Optional<VerifyStep> parse(Reporter r, Where where, StepCompiler.Scope scope) {
    JsonNode section = r.json(where.path());
    if (!section.isObject()) {
      return Optional.empty(); // absent, or the schema reports it
    }
    Optional<PluginInfo> plugin = params.plugin(r, where, "probe", Catalog.Kind.PROBE);
    Map<String, ParamValue> values = params.parse(r, where, plugin, scope);
    Optional<StepExpression> condition =
        compiler.compile(
            r,
            r.keyLine(where.path(), "condition"),
            where.say("condition"),
            section.path("condition"),
            true,
            scope.readingResult());
    Optional<Duration> within =
        StepDurations.parse(r, where, "within", MAX_WITHIN, MIN_EVERY, MAX_WITHIN);
    if (within.isEmpty()) {
      return Optional.empty();
    }
    // Looking less often than the window is long would never look; a minute is the default.
    Duration fallback = DEFAULT_EVERY.compareTo(within.get()) < 0 ? DEFAULT_EVERY : within.get();
    Optional<Duration> every =
        StepDurations.parse(
            r,
            where,
            "every",
            fallback,
            MIN_EVERY,
            within.get(),
            "within (" + StepDurations.show(within.get()) + ")");
    Optional<Duration> holdFor = StepDurations.parse(r, where, "for", Duration.ZERO, Duration.ZERO,
        within.get().minus(every.isPresent() ? every.get() : Duration.ZERO),
        "within minus every (a window must fit at least one more reading)");
    if (!section.path("probe").isTextual() || condition.isEmpty() || every.isEmpty() || holdFor.isEmpty()) {
      return Optional.empty();
    }
    VerifyStep.Missing missing = "zero".equals(section.path("missing").asText("fail"))
        ? VerifyStep.Missing.ZERO : VerifyStep.Missing.FAIL;
    return Optional.of(
        new VerifyStep(
            section.path("probe").asText(),
            values,
            condition.get(),
            within.get(),
            every.get(),
            holdFor.get(),
            missing,
            r.line(where.path())));
  }
}

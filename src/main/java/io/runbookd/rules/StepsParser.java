package io.runbookd.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.config.Mode;
import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.PluginInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a rule's steps ({@code mode}, {@code diagnose}, {@code remediate}, {@code verify}, {@code
 * escalate}) and reports every problem beyond the schema's: unknown plugins, parameters, CEL,
 * references to probes, step ids, durations. Shapes the schema rejects are skipped silently, so
 * each problem is reported once. The steps returned are complete only when nothing was reported.
 */
final class StepsParser {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(60);
  static final Duration MAX_ACTION_TIMEOUT = Duration.ofHours(6);
  /** How much longer than an action's own {@code timeout} parameter the engine waits for it. */
  static final Duration ACTION_GRACE = Duration.ofSeconds(30);

  private final StepCompiler compiler;
  private final StepParams params;
  private final VerifyParser verify;
  private final EscalationParser escalation;
  private final StagesParser stages;
  private final ReportParser report;

  StepsParser(StepExpressions expressions, Optional<Catalog> catalog) {
    this.compiler = new StepCompiler(expressions);
    this.params = new StepParams(compiler, catalog);
    this.verify = new VerifyParser(compiler, params);
    this.escalation = new EscalationParser(catalog);
    this.stages = new StagesParser(this::action, compiler, params, verify);
    this.report = new ReportParser(compiler);
  }

  Steps parse(Reporter r) {
    boolean alertDriven = r.json(List.of()).has("match");
    StepCompiler.Scope scope =
        StepCompiler.Scope.of(StepIds.probes(r), StepIds.params(r), alertDriven);
    StepIds.checkUnique(r);
    JsonNode mode = r.json(List.of("mode"));
    StepCompiler.Scope acting = scope.readingProbes();
    return new Steps(
        mode.isTextual() ? Mode.parse(mode.asText()) : Optional.empty(),
        diagnose(r, scope),
        remediate(r, acting),
        verify.parse(r, acting),
        escalation.parse(r),
        stages.parse(r, acting),
        stages.rollbackCheck(r, acting),
        report.parse(r, acting));
  }

  // Probes run together: their parameters cannot read one another's data.
  private List<ProbeStep> diagnose(Reporter r, StepCompiler.Scope scope) {
    List<ProbeStep> out = new ArrayList<>();
    StepIds.forEach(
        r, "diagnose", (where, item) -> probe(r, where, item, scope).ifPresent(out::add));
    return out;
  }

  private Optional<ProbeStep> probe(
      Reporter r, Where where, JsonNode item, StepCompiler.Scope scope) {
    Optional<PluginInfo> plugin = params.plugin(r, where, "probe", Catalog.Kind.PROBE);
    Map<String, ParamValue> values = params.parse(r, where, plugin, scope);
    Optional<Duration> timeout =
        StepDurations.parse(r, where, "timeout", DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT);
    if (!item.path("id").isTextual() || !item.path("probe").isTextual() || timeout.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProbeStep(
            item.path("id").asText(),
            item.path("probe").asText(),
            values,
            timeout.get(),
            r.line(where.path())));
  }

  private List<ActionStep> remediate(Reporter r, StepCompiler.Scope scope) {
    List<ActionStep> out = new ArrayList<>();
    StepIds.forEach(
        r, "remediate", (where, item) -> action(r, where, item, scope).ifPresent(out::add));
    return out;
  }

  private Optional<ActionStep> action(
      Reporter r, Where where, JsonNode item, StepCompiler.Scope scope) {
    Optional<PluginInfo> plugin = params.plugin(r, where, "action", Catalog.Kind.ACTION);
    Map<String, ParamValue> values = params.parse(r, where, plugin, scope);
    int whenLine = r.keyLine(where.path(), "when");
    Optional<StepExpression> when =
        compiler.compile(r, whenLine, where.say("when"), item.path("when"), true, scope);
    Set<String> needs =
        item.has("needs") ? explicitNeeds(r, where, scope) : readNeeds(when, values);
    Optional<Duration> timeout =
        StepDurations.parse(r, where, "timeout", actionTimeout(values), MIN_TIMEOUT, MAX_ACTION_TIMEOUT);
    if (!item.path("id").isTextual() || !item.path("action").isTextual() || timeout.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ActionStep(
            item.path("id").asText(),
            item.path("action").asText(),
            values,
            when.map(Expression.class::cast),
            needs,
            item.path("approval").asText("none").equals("required"),
            timeout.get(),
            r.line(where.path())));
  }

  /**
   * By default the engine waits 60 s for an action, or, when the action has a literal {@code
   * timeout} parameter of its own (a VACUUM of 30 minutes), that plus {@link #ACTION_GRACE}, so
   * the action's own limit always comes first.
   */
  private static Duration actionTimeout(Map<String, ParamValue> values) {
    if (values.get("timeout") instanceof ParamValue.Literal literal && literal.value() instanceof String text) {
      try {
        Duration own = io.runbookd.plugin.ParamBinder.duration(text).plus(ACTION_GRACE);
        return own.compareTo(DEFAULT_ACTION_TIMEOUT) > 0 ? min(own, MAX_ACTION_TIMEOUT) : DEFAULT_ACTION_TIMEOUT;
      } catch (RuntimeException e) {
        return DEFAULT_ACTION_TIMEOUT; // the plugin's own check reports the value
      }
    }
    return DEFAULT_ACTION_TIMEOUT;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  /** {@code needs} as written: each must be a diagnose step's id. */
  private static Set<String> explicitNeeds(Reporter r, Where where, StepCompiler.Scope scope) {
    JsonNode needs = r.json(where.path("needs"));
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; needs.isArray() && i < needs.size(); i++) {
      if (!needs.get(i).isTextual()) {
        continue; // the schema reports it
      }
      String id = needs.get(i).asText();
      if (!scope.probeIds().contains(id)) {
        r.at(
            r.line(where.path("needs", i)),
            where.say("needs")
                + ": unknown probe id '"
                + SafeText.of(id)
                + "'; "
                + StepCompiler.known(scope));
      }
      out.add(id);
    }
    return out;
  }

  /** By default a step needs the probes its condition and parameter expressions read. */
  private static Set<String> readNeeds(
      Optional<StepExpression> when, Map<String, ParamValue> values) {
    Set<String> out = new LinkedHashSet<>();
    when.ifPresent(w -> out.addAll(w.probesRead()));
    for (ParamValue value : values.values()) {
      if (value instanceof ParamValue.Expr expr) {
        out.addAll(expr.expression().probesRead());
      }
    }
    return out;
  }
}

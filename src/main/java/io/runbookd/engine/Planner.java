package io.runbookd.engine;

import io.runbookd.actions.Action;
import io.runbookd.actions.Actions;
import io.runbookd.actions.Reversibility;
import io.runbookd.alert.Alert;
import io.runbookd.config.Mode;
import io.runbookd.guard.ActionRequest;
import io.runbookd.guard.Guardrails;
import io.runbookd.incident.Priority;
import io.runbookd.plugin.ParamException;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.probes.Probes;
import io.runbookd.rules.ActionStep;
import io.runbookd.rules.Expression;
import io.runbookd.rules.Match;
import io.runbookd.rules.ParamValue;
import io.runbookd.rules.ProbeStep;
import io.runbookd.rules.Rule;
import io.runbookd.rules.RuleSet;
import io.runbookd.rules.StepContext;
import io.runbookd.rules.StepDurations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out the plan for an alert from the rules, the plugins' declarations and the guards,
 * calling no plugin: what {@code simulate} prints. Values that depend on probe results are
 * shown as such instead of guessed.
 */
public final class Planner {
  private final RuleSet rules;
  private final Probes probes;
  private final Actions actions;
  private final Guardrails guards;
  private final Mode mode;
  private final Map<String, String> vars;
  private final Map<String, Priority> severities;

  public Planner(RuleSet rules, Probes probes, Actions actions, Guardrails guards, Mode mode,
      Map<String, String> vars, Map<String, Priority> severities) {
    this.severities = Map.copyOf(severities);
    this.rules = rules;
    this.probes = probes;
    this.actions = actions;
    this.guards = guards;
    this.mode = mode;
    this.vars = Map.copyOf(vars);
  }

  private static String verify(io.runbookd.rules.VerifyStep v) {
    return v.probe() + ": " + v.condition().source()
        + (v.holdFor().isZero() ? "" : " for " + StepDurations.show(v.holdFor()))
        + " within " + StepDurations.show(v.within()) + " (every " + StepDurations.show(v.every()) + ")"
        + (v.missing() == io.runbookd.rules.VerifyStep.Missing.ZERO ? "; no data reads as 0" : "");
  }

  /** How the rule's alerts make incidents, in words. */
  static String grouping(Rule rule) {
    return String.join(", ", rule.groupingLabels()) + (rule.groupBy().isEmpty()
        ? " (by default: alertname and the labels its steps read)" : " (the rule's group_by)")
        + ": alerts with the same values are one incident";
  }

  public Plan plan(Alert alert) {
    Match match = rules.match(alert);
    Priority priority = Priority.of(match.rule().flatMap(Rule::priority), alert, severities);
    if (match.rule().isEmpty()) {
      return new Plan(alert.alertname(), alert.fingerprint(), Optional.empty(), match.reason(), priority,
          mode, List.of(), List.of(), Optional.empty(), List.of(),
          "its Alertmanager group (groupKey) and alertname: alerts of one group are one incident");
    }
    Rule rule = match.rule().get();
    if (!alert.firing()) {
      return new Plan(alert.alertname(), alert.fingerprint(), Optional.of(rule.id()),
          match.reason() + "; the alert is resolved: it counts toward its incident's end and nothing runs",
          priority, mode, List.of(), List.of(), Optional.empty(), List.of(), grouping(rule));
    }
    StepContext context = new StepContext(alert, Map.of(), vars, Optional.empty());
    return plan(rule, alert, context, match.reason(), rule.steps().escalate().priority().orElse(priority),
        grouping(rule), List.of());
  }

  /**
   * The plan of a run of {@code rule} started by hand with {@code params} (bound and checked by
   * the caller), or by its schedule: every step and stage, gates included.
   */
  public Plan planRun(Rule rule, Map<String, Object> params, java.time.Instant now) {
    Alert none = new Alert(Alert.Status.FIRING, Map.of("alertname", rule.id()), Map.of(), now, Optional.empty(), "",
        "");
    StepContext context = new StepContext(none, Map.of(), vars, Optional.empty(), CelValues.normalize(params));
    Priority priority = rule.steps().escalate().priority().orElse(rule.priority().orElse(Priority.P3));
    return plan(rule, none, context, rule.title(), priority, "a run is an incident of its own",
        RunTriggers.describe(rule, params, now));
  }

  private Plan plan(Rule rule, Alert alert, StepContext context, String reason, Priority priority, String grouping,
      List<String> triggers) {
    Mode effective = mode.strictest(rule.steps().mode().orElse(mode));
    List<Plan.ProbePlan> probePlans = rule.steps().diagnose().stream().map(p -> probe(p, context)).toList();
    List<Plan.ActionPlan> actionPlans = actions(rule, rule.steps().remediate(), context, effective);
    List<Plan.StagePlan> stages = rule.steps().stages().stream().map(stage -> new Plan.StagePlan(stage.id(),
        actions(rule, stage.actions(), context, effective), stage.verify().map(Planner::verify),
        stage.gate().map(g -> gate(g, context)).orElse(List.of()))).toList();
    return new Plan(triggers.isEmpty() ? alert.alertname() : "", alert.fingerprint(), Optional.of(rule.id()), reason,
        priority, effective, probePlans, actionPlans,
        rule.steps().verify().or(() -> rule.steps().verifyRollback()).map(Planner::verify),
        rule.steps().escalate().pagers(), grouping, stages, triggers);
  }

  private List<Plan.ActionPlan> actions(Rule rule, List<ActionStep> steps, StepContext context, Mode effective) {
    List<Plan.ActionPlan> out = new ArrayList<>();
    for (ActionStep step : steps) {
      out.add(action(rule, step, context, effective));
    }
    return out;
  }

  /** A gate in words: its kind and bounds, then a line per check. */
  static List<String> gate(io.runbookd.rules.Gate gate, StepContext context) {
    if (gate instanceof io.runbookd.rules.Gate.Approval approval) {
      return List.of("approval by a human within " + io.runbookd.rules.StepDurations.show(approval.within())
          + " (denied or not decided: roll back and escalate)");
    }
    io.runbookd.rules.Gate.Watch watch = (io.runbookd.rules.Gate.Watch) gate;
    List<String> out = new ArrayList<>();
    out.add("every check holds for " + io.runbookd.rules.StepDurations.show(watch.holdFor()) + ", read every "
        + io.runbookd.rules.StepDurations.show(watch.every()) + " (the first breach, or "
        + io.runbookd.rules.Gate.Watch.UNREADABLE_LIMIT + " unreadable looks in a row, roll back and escalate)");
    for (io.runbookd.rules.Gate.Check check : watch.checks()) {
      out.add(check.id() + ": " + check.probe() + " " + shown(check.params(), context) + ": "
          + check.condition().source()
          + (check.missing() == io.runbookd.rules.VerifyStep.Missing.ZERO ? " (no data reads as 0)" : ""));
    }
    return out;
  }

  private Plan.ProbePlan probe(ProbeStep step, StepContext context) {
    Map<String, Object> params = shown(step.params(), context);
    String note = probes.find(step.probe()).map(p -> check(p.info(), params)).orElse(probes.unknown(step.probe()));
    return new Plan.ProbePlan(step.id(), step.probe(), params, note);
  }

  private Plan.ActionPlan action(Rule rule, ActionStep step, StepContext context, Mode effective) {
    String when = step.when().map(Expression::source).orElse("always");
    Map<String, Object> params = shown(step.params(), context);
    Optional<Action<?>> action = actions.find(step.action());
    if (action.isEmpty()) {
      return new Plan.ActionPlan(step.id(), step.action(), when, params, "", actions.unknown(step.action()));
    }
    if (effective == Mode.OBSERVE) {
      return new Plan.ActionPlan(step.id(), step.action(), when, params, "", "mode observe: not planned");
    }
    if (falseForThisAlert(step, context)) {
      return new Plan.ActionPlan(step.id(), step.action(), when, params, "",
          "skipped: the condition is false for this alert, whatever the probes answer");
    }
    try {
      Bound.BoundAction bound = Bound.action(action.get(),
          StepParams.resolve(action.get().info().params(), step.params(), context).params());
      Guardrails.Result verdict = guards.check(new ActionRequest("simulated", rule.id(), step.id(),
          step.action(), bound.target(), effective, bound.reversibility(), step.approval(), false));
      String decision = verdict.verdict().name().toLowerCase(java.util.Locale.ROOT) + " ("
          + String.join("; ", verdict.decisions().stream().map(d -> d.guard() + ": " + d.reason()).toList())
          + ")";
      return new Plan.ActionPlan(step.id(), step.action(), when, params, bound.describe(),
          decision + approvalNote(step, bound.reversibility(), verdict));
    } catch (ParamException e) {
      String decision = dependsOnProbes(step.params())
          ? "decided when the probes answer" + approvalNote(step, action.get().reversibility(), null)
          : "refused parameter " + e.getMessage();
      return new Plan.ActionPlan(step.id(), step.action(), when, params, "", decision);
    }
  }

  /** A step that would wait for a human says so even where an earlier guard (dry-run) decided. */
  private static String approvalNote(ActionStep step, Reversibility reversibility, Guardrails.Result verdict) {
    boolean needed = step.approval() || reversibility == Reversibility.PERMANENT;
    boolean said = verdict != null && verdict.decisions().stream().anyMatch(d -> d.guard().equals("approval"));
    return needed && !said
        ? "; in enforce mode it waits for a human's approval (" + (step.approval() ? "the rule asks" : "it cannot be undone") + ")"
        : "";
  }

  /**
   * A condition the alert alone already decides as false (e.g. a step only runs started by hand
   * reach): the step cannot run, so its parameters, which may need what only such runs have, are
   * not resolved. A condition that needs the probes cannot be evaluated here and is left open.
   */
  private static boolean falseForThisAlert(ActionStep step, StepContext context) {
    try {
      return step.when().isPresent() && !step.when().get().test(context);
    } catch (Expression.EvaluationException e) {
      return false;
    }
  }

  private static String check(PluginInfo info, Map<String, Object> params) {
    if (params.values().stream().anyMatch(v -> v instanceof String s && s.startsWith("<depends on"))) {
      return "";
    }
    List<String> problems = io.runbookd.plugin.ParamBinder.problems(info.params(), params);
    return problems.isEmpty() ? "" : "refused parameter " + problems.get(0);
  }

  /** Parameter values as far as the alert alone resolves them. */
  private static Map<String, Object> shown(Map<String, ParamValue> raw, StepContext context) {
    Map<String, Object> out = new java.util.TreeMap<>();
    raw.forEach((name, value) -> out.put(name, shown(value, context)));
    return out;
  }

  private static Object shown(ParamValue value, StepContext context) {
    if (value instanceof ParamValue.Literal literal) {
      return literal.value() instanceof Map<?, ?> map ? new java.util.TreeMap<Object, Object>(map) : literal.value();
    }
    Expression expression = ((ParamValue.Expr) value).expression();
    if (!expression.probesRead().isEmpty()) {
      return "<depends on probes." + String.join(", probes.", expression.probesRead()) + ">";
    }
    try {
      return expression.evaluate(context);
    } catch (Expression.EvaluationException e) {
      return "<cannot evaluate: " + e.getMessage() + ">";
    }
  }

  private static boolean dependsOnProbes(Map<String, ParamValue> params) {
    return params.values().stream().anyMatch(
        v -> v instanceof ParamValue.Expr e && !e.expression().probesRead().isEmpty());
  }
}

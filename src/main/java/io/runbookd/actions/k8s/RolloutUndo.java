package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.runbookd.actions.Action;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.actions.Target;
import io.runbookd.actions.Undo;
import io.runbookd.k8s.JsonPatch;
import io.runbookd.k8s.KubeParams;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kubectl rollout undo deployment/NAME [--to-revision=N]}: copies the pod template of an
 * earlier revision's ReplicaSet (without its {@code pod-template-hash} label) into the Deployment,
 * which then rolls out as for any change. Without {@code to_revision} the target is relative to the
 * current revision, so repeating it would roll back and forth: not retry-safe, and rules that can
 * should name the revision (e.g. from {@code k8s.rollout_history}). Reversible: its undo rolls back
 * to the revision it left, by number.
 */
public final class RolloutUndo implements Action<RolloutUndoParams> {
  static final Param TO_REVISION =
      Param.optional(
          "to_revision",
          ParamType.INTEGER,
          "revision to go back to; the one before the current when omitted",
          Checks.range(1, Integer.MAX_VALUE));

  private static final PluginInfo INFO =
      new PluginInfo(
          "k8s.rollout_undo",
          "Rolls a Deployment back to its previous (or a given) revision, like kubectl rollout"
              + " undo.",
          "- id: rollback\n  action: k8s.rollout_undo\n"
              + "  params: {namespace: nba-mcp, deployment: nba-mcp}",
          List.of(KubeParams.NAMESPACE, KubeParams.DEPLOYMENT, TO_REVISION),
          List.of("apps/deployments: get, patch", "apps/replicasets: list"));

  private final KubernetesClient client;

  public RolloutUndo(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public RolloutUndoParams bind(Params params) {
    long to = params.integer("to_revision", 0);
    return new RolloutUndoParams(
        params.string("namespace"),
        params.string("deployment"),
        to == 0 ? Optional.empty() : Optional.of(to));
  }

  @Override
  public Target target(RolloutUndoParams p) {
    return Target.kubernetes("deployment", p.namespace(), p.deployment());
  }

  @Override
  public String describe(RolloutUndoParams p) {
    return "rollout undo deployment "
        + p.ref()
        + p.toRevision().map(n -> " to revision " + n).orElse(" to its previous revision");
  }

  @Override
  public Outcome execute(RolloutUndoParams p) throws Exception {
    return Writes.withConflictRetry("deployment " + p.ref(), () -> attempt(p));
  }

  private Outcome attempt(RolloutUndoParams p) {
    Deployment deployment = resource(p).get();
    if (deployment == null) {
      return Outcome.failed("deployment " + p.ref() + " not found");
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      // kubectl refuses too: a paused Deployment would not roll out the old template
      return Outcome.failed("deployment " + p.ref() + " is paused; resume it first");
    }
    Revisions revisions = Revisions.of(client, deployment);
    Optional<ReplicaSet> target =
        p.toRevision().map(revisions::find).orElseGet(revisions::previous);
    if (target.isEmpty()) {
      return Outcome.failed(missing(p, revisions));
    }
    long to = p.toRevision().orElseGet(() -> Revisions.revision(target.get()));
    PodTemplateSpec wanted = revisions.template(target.get());
    if (wanted.equals(revisions.withoutHash(deployment.getSpec().getTemplate()))) {
      return Outcome.notNeeded(
          "deployment " + p.ref() + " already runs revision " + to + "'s template");
    }
    String patch =
        JsonPatch.guardedBy(deployment.getMetadata().getResourceVersion())
            .add("/spec/template", wanted)
            .toJson(client.getKubernetesSerialization());
    resource(p).patch(PatchContext.of(PatchType.JSON), patch);
    return Outcome.done(
        "rolled deployment " + p.ref() + " back from revision " + revisions.current + " to " + to,
        Map.of("from_revision", revisions.current, "to_revision", to));
  }

  private static String missing(RolloutUndoParams p, Revisions revisions) {
    String what = "deployment " + p.ref();
    return p.toRevision().isPresent()
        ? what + " has no revision " + p.toRevision().get() + "; revisions: " + revisions.numbers()
        : what + " has no previous revision (current " + revisions.current + ")";
  }

  /**
   * DONE when the Deployment runs the target revision's template, NOT_APPLIED when it provably does
   * not. Without {@code to_revision}, once the controller has renumbered the revision rolled back
   * to, "previous" names another one: if the running template is itself a rollback, whether this
   * step made it cannot be told (UNKNOWN), and running it again would roll back once more.
   */
  @Override
  public Outcome recheck(RolloutUndoParams p, Instant startedAt) {
    Deployment deployment = resource(p).get();
    if (deployment == null) {
      return Outcome.notNeeded("deployment " + p.ref() + " no longer exists");
    }
    Revisions revisions = Revisions.of(client, deployment);
    PodTemplateSpec running = revisions.withoutHash(deployment.getSpec().getTemplate());
    Optional<ReplicaSet> target =
        p.toRevision().map(revisions::find).orElseGet(revisions::previous);
    if (target.isPresent() && revisions.template(target.get()).equals(running)) {
      return Outcome.done("deployment " + p.ref() + " runs the template it was rolled back to");
    }
    if (p.toRevision().isPresent() && target.isEmpty()) {
      return Outcome.unknown(
          "deployment " + p.ref() + ": revision " + p.toRevision().get() + " is gone");
    }
    boolean rolledBack =
        p.toRevision().isEmpty()
            && revisions.running(running).map(Revisions::isRollback).orElse(false);
    return rolledBack
        ? Outcome.unknown(
            "deployment " + p.ref() + " runs a rolled-back revision; cannot tell which step did it")
        : Outcome.notApplied(
            "deployment " + p.ref() + " does not run the target revision's template");
  }

  @Override
  public boolean retrySafe() {
    return false;
  }

  @Override
  public Reversibility reversibility() {
    return Reversibility.REVERSIBLE;
  }

  /** Back to the revision it left, by number (the controller keeps that number). */
  @Override
  public Optional<Undo> undo(RolloutUndoParams p, Outcome done) {
    if (!(done.data().get("from_revision") instanceof Number from) || from.longValue() < 1) {
      return Optional.empty();
    }
    return Optional.of(
        new Undo(
            INFO.name(),
            Map.of(
                "namespace", p.namespace(),
                "deployment", p.deployment(),
                "to_revision", from.longValue())));
  }

  private RollableScalableResource<Deployment> resource(RolloutUndoParams p) {
    return client.apps().deployments().inNamespace(p.namespace()).withName(p.deployment());
  }
}

package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.runbookd.actions.Outcome;
import io.runbookd.k8s.JsonPatch;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read-plan-patch flow of the actions that edit one container of a Deployment's pod template
 * ({@code k8s.set_env}, {@code k8s.set_resources}): read the Deployment, plan the change, patch it
 * guarded by the version read (retrying on 409 Conflict), and recheck it later. The plan decides
 * what changes; this class decides what the outcomes say.
 */
final class ContainerEdit {
  /** What one read of the Deployment says about the change, and the patch that makes it. */
  interface Plan {
    /** Why the change cannot be made on this Deployment, if it cannot. */
    Optional<String> refusal();

    /** The name of the container the change applies to. */
    String container();

    boolean needed();

    JsonPatch patch(String resourceVersion);

    /** What undo needs besides the container, in the order the DONE outcome records it. */
    Map<String, Object> undoData();
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String deployment;
  private final Function<Deployment, Plan> planner;
  private final String change;
  private final String doneChange;

  /**
   * @param change what is changed, as NOT_NEEDED and recheck outcomes say it
   * @param doneChange what is changed, as the DONE outcome says it
   */
  ContainerEdit(
      KubernetesClient client,
      String namespace,
      String deployment,
      Function<Deployment, Plan> planner,
      String change,
      String doneChange) {
    this.client = client;
    this.namespace = namespace;
    this.deployment = deployment;
    this.planner = planner;
    this.change = change;
    this.doneChange = doneChange;
  }

  Outcome execute() throws Exception {
    return Writes.withConflictRetry("deployment " + ref(), this::attempt);
  }

  private Outcome attempt() {
    Deployment current = resource().get();
    if (current == null) {
      return Outcome.failed("deployment " + ref() + " not found");
    }
    Plan plan = planner.apply(current);
    if (plan.refusal().isPresent()) {
      return Outcome.failed("deployment " + ref() + ": " + plan.refusal().get());
    }
    if (!plan.needed()) {
      return Outcome.notNeeded(change + ": already so on " + ref());
    }
    String patch =
        plan.patch(current.getMetadata().getResourceVersion())
            .toJson(client.getKubernetesSerialization());
    resource().patch(PatchContext.of(PatchType.JSON), patch);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("container", plan.container());
    data.putAll(plan.undoData());
    return Outcome.done(doneChange + " on " + ref() + " container " + plan.container(), data);
  }

  /** What the DONE outcome would carry for undo, read now, before the change; empty if none is needed. */
  Optional<Map<String, Object>> snapshot() {
    Deployment current = resource().get();
    if (current == null) {
      return Optional.empty();
    }
    Plan plan = planner.apply(current);
    if (plan.refusal().isPresent() || !plan.needed()) {
      return Optional.empty();
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("container", plan.container());
    data.putAll(plan.undoData());
    return Optional.of(data);
  }

  /** DONE when the change is in place; NOT_APPLIED when it is not. */
  Outcome recheck() {
    Deployment current = resource().get();
    if (current == null) {
      return Outcome.notNeeded("deployment " + ref() + " no longer exists");
    }
    Plan plan = planner.apply(current);
    if (plan.refusal().isPresent()) {
      return Outcome.unknown("deployment " + ref() + ": " + plan.refusal().get());
    }
    return plan.needed()
        ? Outcome.notApplied(change + ": not in place on " + ref())
        : Outcome.done(change + ": in place on " + ref());
  }

  private String ref() {
    return namespace + "/" + deployment;
  }

  private RollableScalableResource<Deployment> resource() {
    return client.apps().deployments().inNamespace(namespace).withName(deployment);
  }
}

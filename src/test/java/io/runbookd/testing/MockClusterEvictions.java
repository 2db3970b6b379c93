package io.runbookd.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.runbookd.k8s.PodSelection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pods/eviction} subresource, which fabric8's CRUD mock does not know (it stores the
 * Eviction as an object named like the pod, and answers 409 for the next one). This answers as the
 * API server does: 404 for a pod that does not exist, 409 when the uid precondition names another
 * pod, 500 when several PodDisruptionBudgets select the pod, 429 when the one that does allows no
 * disruption ({@code status.disruptionsAllowed}, which tests set: no disruption controller runs
 * here), and otherwise 201 after deleting the pod and counting the disruption against the budget.
 */
final class MockClusterEvictions {
  private static final Pattern EVICTION =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction");

  private final KubernetesCrudDispatcher crud;
  private final KubernetesSerialization json;
  private final List<Eviction> received = new CopyOnWriteArrayList<>();

  MockClusterEvictions(KubernetesCrudDispatcher crud, KubernetesSerialization json) {
    this.crud = crud;
    this.json = json;
  }

  List<Eviction> received() {
    return List.copyOf(received);
  }

  /** Empty when the request is not an eviction. */
  Optional<MockResponse> answer(RecordedRequest request) {
    Matcher m = EVICTION.matcher(request.getPath());
    if (!"POST".equals(request.getMethod()) || !m.matches()) {
      return Optional.empty();
    }
    Eviction eviction = json.unmarshal(request.getUtf8Body(), Eviction.class);
    received.add(eviction);
    String podPath = "/api/v1/namespaces/" + m.group(1) + "/pods/" + m.group(2);
    MockResponse stored = crud.handleGet(podPath);
    if (stored.code() == 404) {
      return Optional.of(status(404, "NotFound", "pods \"" + m.group(2) + "\" not found"));
    }
    Pod pod = json.unmarshal(stored.getBody().readUtf8(), Pod.class);
    return Optional.of(evict(m.group(1), pod, podPath, eviction));
  }

  private MockResponse evict(String namespace, Pod pod, String podPath, Eviction eviction) {
    String uid = uidPrecondition(eviction);
    if (uid != null && !uid.equals(pod.getMetadata().getUid())) {
      return status(409, "Conflict", "Precondition failed: UID in precondition: " + uid);
    }
    List<PodDisruptionBudget> budgets = budgets(namespace, pod);
    if (budgets.size() > 1) {
      return status(500, "InternalError", "This pod has more than one PodDisruptionBudget");
    }
    if (budgets.size() == 1) {
      PodDisruptionBudget budget = budgets.get(0);
      Integer allowed =
          budget.getStatus() == null ? null : budget.getStatus().getDisruptionsAllowed();
      if (allowed == null || allowed <= 0) {
        return status(
            429,
            "TooManyRequests",
            "Cannot evict pod as it would violate the pod's disruption budget.");
      }
      budget.getStatus().setDisruptionsAllowed(allowed - 1);
      store(
          "/apis/policy/v1/namespaces/"
              + namespace
              + "/poddisruptionbudgets/"
              + budget.getMetadata().getName(),
          budget);
    }
    crud.handleDelete(podPath);
    return status(201, null, null);
  }

  private List<PodDisruptionBudget> budgets(String namespace, Pod pod) {
    MockResponse list =
        crud.handleGet("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets");
    if (list.code() != 200) {
      return List.of();
    }
    Map<String, String> labels = PodSelection.labels(pod);
    return json
        .unmarshal(list.getBody().readUtf8(), PodDisruptionBudgetList.class)
        .getItems()
        .stream()
        .filter(b -> b.getSpec() != null && PodSelection.matches(b.getSpec().getSelector(), labels))
        .toList();
  }

  private void store(String apiPath, Object object) {
    AttributeSet key = crud.getKey(apiPath);
    Map.Entry<AttributeSet, String> stored = crud.findResource(key);
    GenericKubernetesResource resource = json.convertValue(object, GenericKubernetesResource.class);
    crud.processEvent(apiPath, key, stored.getKey(), resource, json.asJson(resource));
  }

  private static String uidPrecondition(Eviction eviction) {
    var options = eviction.getDeleteOptions();
    return options == null || options.getPreconditions() == null
        ? null
        : options.getPreconditions().getUid();
  }

  private MockResponse status(int code, String reason, String message) {
    Status status =
        new StatusBuilder()
            .withCode(code)
            .withStatus(code < 300 ? "Success" : "Failure")
            .withReason(reason)
            .withMessage(message)
            .build();
    return new MockResponse().setResponseCode(code).setBody(json.asJson(status));
  }
}

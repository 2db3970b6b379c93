package io.runbookd.testing;

import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod field selector {@code status.phase=PHASE} as the API server serves it: fabric8's CRUD
 * store indexes only metadata fields and answers an empty list for it. A list of pods with that
 * selector (and nothing else in the field selector) is answered from the store without it, filtered
 * by phase, then cut to {@code limit}; label selectors are kept.
 */
final class MockClusterPodPhases {
  private static final Pattern LIST =
      Pattern.compile("(/api/v1/namespaces/[a-z0-9-]+/pods)\\?(.*)");
  private static final Pattern PHASE = Pattern.compile("fieldSelector=status\\.phase%3D(\\w+)");

  private final KubernetesCrudDispatcher crud;
  private final KubernetesSerialization json;

  MockClusterPodPhases(KubernetesCrudDispatcher crud, KubernetesSerialization json) {
    this.crud = crud;
    this.json = json;
  }

  Optional<MockResponse> answer(RecordedRequest request) {
    Matcher list = LIST.matcher(request.getPath());
    if (!"GET".equals(request.getMethod()) || !list.matches()) {
      return Optional.empty();
    }
    Matcher phase = PHASE.matcher(list.group(2));
    if (!phase.find()) {
      return Optional.empty();
    }
    long limit = Long.MAX_VALUE;
    StringJoiner rest = new StringJoiner("&");
    for (String param : list.group(2).split("&")) {
      if (param.startsWith("limit=")) {
        limit = Long.parseLong(param.substring("limit=".length()));
      } else if (!param.equals(phase.group())) {
        rest.add(param);
      }
    }
    String path = list.group(1) + (rest.length() == 0 ? "" : "?" + rest);
    MockResponse all = crud.handleGet(path);
    PodList pods = json.unmarshal(all.getBody().readUtf8(), PodList.class);
    pods.setItems(
        pods.getItems().stream()
            .filter(p -> p.getStatus() != null && phase.group(1).equals(p.getStatus().getPhase()))
            .limit(limit)
            .toList());
    return Optional.of(new MockResponse().setResponseCode(200).setBody(json.asJson(pods)));
  }
}

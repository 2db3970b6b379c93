package io.runbookd.probes.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.runbookd.k8s.K8sTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One rollout of a Deployment, as its ReplicaSet records it. */
record Revision(
    long number, String changeCause, Instant created, List<String> images, String replicaSet) {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  static Optional<Revision> of(ReplicaSet rs) {
    ObjectMeta meta = rs.getMetadata();
    Map<String, String> annotations = Optional.ofNullable(meta.getAnnotations()).orElse(Map.of());
    Optional<Long> number = parseLong(annotations.get(REVISION));
    if (number.isEmpty()) {
      return Optional.empty();
    }
    Instant created = K8sTime.parse(meta.getCreationTimestamp()).orElse(Instant.EPOCH);
    String cause = Optional.ofNullable(annotations.get(CHANGE_CAUSE)).orElse("");
    return Optional.of(new Revision(number.get(), cause, created, images(rs), meta.getName()));
  }

  static Optional<Long> parseLong(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Long.parseLong(text.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  long ageSeconds(Instant now) {
    return Math.max(0, Duration.between(created, now).getSeconds());
  }

  Map<String, Object> toData(Instant now) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("revision", number);
    data.put("change_cause", changeCause);
    data.put("age_seconds", ageSeconds(now));
    data.put("images", images);
    data.put("replicaset", replicaSet);
    return data;
  }

  private static List<String> images(ReplicaSet rs) {
    if (rs.getSpec() == null
        || rs.getSpec().getTemplate() == null
        || rs.getSpec().getTemplate().getSpec() == null) {
      return List.of();
    }
    return rs.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getImage)
        .filter(image -> image != null)
        .toList();
  }
}

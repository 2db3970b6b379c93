package io.runbookd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests read into fabric8's typed model, strictly: an unknown kind, or a field the model does
 * not know (a typo such as {@code readOnlyRootFileSystem}, which the API server would drop
 * silently), is a failure. fabric8 keeps unknown fields in {@code additionalProperties} rather
 * than refusing them, so every object of the tree is searched for them.
 */
final class TypedManifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> resources;

  TypedManifests(List<ObjectNode> docs) {
    List<HasMetadata> typed = new ArrayList<>();
    for (ObjectNode doc : docs) {
      typed.add(typed(doc));
    }
    this.resources = List.copyOf(typed);
  }

  static HasMetadata typed(ObjectNode doc) {
    Object parsed = SERIALIZATION.unmarshal(doc.toString());
    String what = doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
    assertThat(parsed).as(what + ": a kind fabric8 knows").isNotInstanceOf(GenericKubernetesResource.class);
    assertThat(unknownFields(parsed, what)).as("unknown fields").isEmpty();
    return (HasMetadata) parsed;
  }

  List<HasMetadata> all() {
    return resources;
  }

  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type) {
    return all(type).stream().findFirst();
  }

  /** Paths of every field that landed in an {@code additionalProperties} map. */
  static List<String> unknownFields(Object node, String path) {
    List<String> found = new ArrayList<>();
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        found.addAll(unknownFields(list.get(i), path + "[" + i + "]"));
      }
      return found;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> found.addAll(unknownFields(v, path + "." + k)));
      return found;
    }
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
      return found;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() == 0 && getter.getName().startsWith("get")
          && !Modifier.isStatic(getter.getModifiers()) && getter.getDeclaringClass().getName().startsWith("io.fabric8.")) {
        Object value = invoke(getter, node);
        if (getter.getName().equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
          extra.keySet().forEach(k -> found.add(path + "." + k));
        } else {
          found.addAll(unknownFields(value, path + "." + getter.getName().substring(3)));
        }
      }
    }
    return found;
  }

  private static Object invoke(Method getter, Object node) {
    try {
      return getter.invoke(node);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(getter + ": " + e, e);
    }
  }
}

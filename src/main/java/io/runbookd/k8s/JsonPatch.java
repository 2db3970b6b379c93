package io.runbookd.k8s;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 6902 JSON patch guarded by the {@code resourceVersion} that was read: the API server
 * answers 409 Conflict when the object changed since, so a read-modify-write never overwrites a
 * concurrent change. JSON patch rather than strategic merge because every API server and fabric8's
 * mock server accept it.
 */
public final class JsonPatch {
  private final List<Map<String, Object>> ops = new ArrayList<>();

  private JsonPatch(String resourceVersion) {
    op("replace", "/metadata/resourceVersion", resourceVersion);
  }

  /** A patch that applies only to the object at {@code resourceVersion}. */
  public static JsonPatch guardedBy(String resourceVersion) {
    return new JsonPatch(resourceVersion);
  }

  /** Sets {@code value} at {@code path}; the parent must exist. */
  public JsonPatch add(String path, Object value) {
    return op("add", path, value);
  }

  /** Removes the value at {@code path}, which must exist. */
  public JsonPatch remove(String path) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("op", "remove");
    entry.put("path", path);
    ops.add(entry);
    return this;
  }

  /** One path segment, escaped (a key like {@code kubectl.kubernetes.io/restartedAt}). */
  public static String segment(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  public int size() {
    return ops.size() - 1;
  }

  public String toJson(KubernetesSerialization serialization) {
    return serialization.asJson(ops);
  }

  private JsonPatch op(String op, String path, Object value) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("op", op);
    entry.put("path", path);
    entry.put("value", value);
    ops.add(entry);
    return this;
  }
}

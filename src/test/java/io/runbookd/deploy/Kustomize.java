package io.runbookd.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code kustomize build} does with the subset of kustomization.yaml runbookd's manifests
 * use: resources (files and directories), JSON 6902 patches with a target, and strategic-merge
 * {@code $patch: delete}. Anything else fails, so a manifest cannot silently rely on a feature
 * this build ignores.
 */
final class Kustomize {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "patches");

  private Kustomize() {}

  @SuppressWarnings("unchecked")
  static List<ObjectNode> build(Path dir) {
    Map<String, Object> k = (Map<String, Object>) load(dir.resolve("kustomization.yaml")).get(0);
    if (!KNOWN.containsAll(k.keySet())) {
      throw new IllegalArgumentException(dir + ": kustomization keys this build does not know: " + k.keySet());
    }
    List<ObjectNode> docs = new ArrayList<>();
    for (String resource : (List<String>) k.getOrDefault("resources", List.of())) {
      Path p = dir.resolve(resource).normalize();
      if (Files.isDirectory(p)) {
        docs.addAll(build(p));
      } else {
        load(p).forEach(doc -> docs.add(JSON.valueToTree(doc)));
      }
    }
    for (Map<String, Object> patch : (List<Map<String, Object>>) k.getOrDefault("patches", List.of())) {
      apply(docs, patch, dir);
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static void apply(List<ObjectNode> docs, Map<String, Object> patch, Path dir) {
    Object content = load(dir.resolve((String) patch.get("path"))).get(0);
    if (patch.get("target") instanceof Map<?, ?> target) {
      List<ObjectNode> matched = docs.stream().filter(d -> matches(d, target.get("kind"), target.get("name"))).toList();
      if (matched.size() != 1) {
        throw new IllegalStateException("patch target " + target + " matches " + matched.size() + " resources");
      }
      Rfc6902.apply(matched.get(0), (List<Map<String, Object>>) content);
      return;
    }
    Map<String, Object> smp = (Map<String, Object>) content;
    if (!"delete".equals(smp.get("$patch"))) {
      throw new IllegalArgumentException("only $patch: delete is supported without a target: " + patch);
    }
    Object name = ((Map<String, Object>) smp.get("metadata")).get("name");
    if (!docs.removeIf(d -> matches(d, smp.get("kind"), name))) {
      throw new IllegalStateException("nothing to delete for " + smp.get("kind") + " " + name);
    }
  }

  private static boolean matches(ObjectNode doc, Object kind, Object name) {
    return doc.path("kind").asText().equals(kind) && doc.path("metadata").path("name").asText().equals(name);
  }

  static List<Object> load(Path file) {
    try {
      List<Object> docs = new ArrayList<>();
      for (Object doc : new Yaml().loadAll(Files.readString(file))) {
        if (doc != null) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

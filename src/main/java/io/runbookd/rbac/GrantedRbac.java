package io.runbookd.rbac;

import io.runbookd.plugin.Permission;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What an RBAC file grants: the rules of its Roles, by namespace, and of its ClusterRoles, which
 * count in every namespace. Bindings are not followed: the file is taken to bind its roles to
 * runbookd, as the {@code rbac} command's output does.
 */
public final class GrantedRbac {
  private final Map<String, Set<String>> byNamespace = new HashMap<>();
  private final Set<String> everywhere = new HashSet<>();

  private GrantedRbac() {}

  /** Reads every YAML document of {@code file}; other kinds are ignored. */
  public static GrantedRbac read(Path file) throws IOException {
    GrantedRbac granted = new GrantedRbac();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object doc : new Yaml(new SafeConstructor(options)).loadAll(reader)) {
        if (doc instanceof Map<?, ?> map) {
          granted.add(map);
        }
      }
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new IOException(file + ": " + e.getMessage().replace('\n', ' '), e);
    }
    return granted;
  }

  private void add(Map<?, ?> doc) {
    Object kind = doc.get("kind");
    Set<String> into;
    if ("ClusterRole".equals(kind)) {
      into = everywhere;
    } else if ("Role".equals(kind) && doc.get("metadata") instanceof Map<?, ?> meta) {
      into = byNamespace.computeIfAbsent(String.valueOf(meta.get("namespace")), n -> new HashSet<>());
    } else {
      return;
    }
    if (doc.get("rules") instanceof List<?> rules) {
      rules.forEach(rule -> addRule(into, rule));
    }
  }

  private static void addRule(Set<String> into, Object rule) {
    if (!(rule instanceof Map<?, ?> r)) {
      return;
    }
    for (Object group : list(r.get("apiGroups"))) {
      for (Object resource : list(r.get("resources"))) {
        for (Object verb : list(r.get("verbs"))) {
          into.add(group + "/" + resource + ":" + verb);
        }
      }
    }
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }

  /** Whether {@code verb} on the permission's resource is granted in {@code namespace}. */
  public boolean grants(String namespace, Permission.Kubernetes k, String verb) {
    String exact = k.group() + "/" + k.rbacResource() + ":" + verb;
    return everywhere.contains(exact)
        || byNamespace.getOrDefault(namespace, Set.of()).contains(exact);
  }

  /** Whether {@code verb} on a cluster-scoped resource is granted. */
  public boolean grantsClusterWide(Permission.Kubernetes k, String verb) {
    return everywhere.contains(k.group() + "/" + k.rbacResource() + ":" + verb);
  }
}

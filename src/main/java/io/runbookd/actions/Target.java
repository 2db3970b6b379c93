package io.runbookd.actions;

import java.util.Optional;

/**
 * What an action touches. Locks, cooldowns and rate limits key on {@link #key()}; the
 * namespace allow-list and self-protection read {@link #namespace()}.
 *
 * @param system the target system, e.g. {@code kubernetes}, {@code sql:nba_stats}, {@code aws}
 * @param resource the object inside it, e.g. {@code deployment/nba-mcp/nba-mcp}
 * @param namespace the Kubernetes namespace, when there is one
 */
public record Target(String system, String resource, Optional<String> namespace) {
  public String key() {
    return system + ":" + resource;
  }

  /**
   * What kind of object it is, where: the system, the resource type and the namespace (e.g.
   * {@code kubernetes:pod/nba-mcp}, {@code sql:nba_stats:session}). The blast radius counts
   * targets per kind: many pods of one namespace is a wide change, a session, a table and a
   * Deployment are not.
   */
  public String kind() {
    int slash = resource.indexOf('/');
    String type = slash < 0 ? resource : resource.substring(0, slash);
    return system + ":" + type + namespace.map(ns -> "/" + ns).orElse("");
  }

  public static Target kubernetes(String kind, String namespace, String name) {
    return new Target("kubernetes", kind + "/" + namespace + "/" + name, Optional.of(namespace));
  }
}

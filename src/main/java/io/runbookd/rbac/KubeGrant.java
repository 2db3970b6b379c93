package io.runbookd.rbac;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One rule of a Role or ClusterRole: verbs on one resource of one API group, with the plugins and
 * rules that need them (shown as a comment above it).
 */
final class KubeGrant {
  final String group;
  final String resource;
  final SortedSet<String> verbs = new TreeSet<>();
  final SortedSet<String> plugins = new TreeSet<>();
  final SortedSet<String> rules = new TreeSet<>();

  KubeGrant(String group, String resource) {
    this.group = group;
    this.resource = resource;
  }

  static String key(String group, String resource) {
    return group + "/" + resource;
  }
}

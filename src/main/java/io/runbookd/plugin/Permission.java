package io.runbookd.plugin;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One line of {@link PluginInfo#permissions()}, typed. The {@code rbac} command derives the
 * Kubernetes Roles, PostgreSQL grants and IAM policy from these, so every plugin's lines must
 * follow the grammar (CONTRIBUTING.md, "Permissions"); a test parses every registered one.
 *
 * <pre>
 * GROUP/RESOURCE[/SUBRESOURCE]: verb[, verb]...   core/pods/eviction: create
 * IAM: service:Action[, service:Action]... [on ARN] IAM: rds:ModifyDBInstance on arn:aws:rds:*:*:db:{instance}
 * PostgreSQL: text                                 PostgreSQL: role pg_monitor (...)
 * network: text                                    network: HTTP GET on prometheus.url
 * credential: text                                 (pagers: the secret they are configured with)
 * </pre>
 *
 * {@code {param}} in an IAM resource or a PostgreSQL line stands for the step's literal value of
 * that parameter ({@code *} when a step computes it).
 */
public sealed interface Permission {

  /** The line as a plugin writes it. */
  String line();

  /** Parses one line of a probe's or action's permissions; throws naming what is wrong. */
  static Permission parse(String line) {
    return PermissionParser.parse(line);
  }

  /**
   * Parses one line of a plugin of {@code kind}. A pager's permissions describe the credential it
   * is configured with: a pager line that does not start like a system permission is a {@link
   * Credential}.
   */
  static Permission parse(Catalog.Kind kind, String line) {
    if (kind == Catalog.Kind.PAGER && !PermissionParser.startsLikePermission(line)) {
      return new Credential(line.strip());
    }
    return parse(line);
  }

  /**
   * Kubernetes RBAC: verbs on a resource (or subresource) of an API group.
   *
   * @param group the API group, {@code ""} for the core group (written {@code core})
   * @param resource the plural resource, e.g. {@code pods}
   * @param subresource e.g. {@code eviction}, {@code log}
   */
  record Kubernetes(String group, String resource, Optional<String> subresource, SortedSet<String> verbs)
      implements Permission {
    /** Resources that exist outside namespaces: reading them takes a ClusterRole. */
    private static final Set<String> CLUSTER_SCOPED =
        Set.of(
            "/nodes",
            "/namespaces",
            "/persistentvolumes",
            "metrics.k8s.io/nodes",
            "storage.k8s.io/storageclasses",
            "storage.k8s.io/csinodes",
            "scheduling.k8s.io/priorityclasses",
            "node.k8s.io/runtimeclasses",
            "apiextensions.k8s.io/customresourcedefinitions",
            "apiregistration.k8s.io/apiservices");

    public Kubernetes {
      verbs = new TreeSet<>(verbs);
    }

    /** {@code pods/eviction}, as RBAC rules name it. */
    public String rbacResource() {
      return resource + subresource.map(s -> "/" + s).orElse("");
    }

    public boolean clusterScoped() {
      return CLUSTER_SCOPED.contains(group + "/" + resource);
    }

    @Override
    public String line() {
      return (group.isEmpty() ? "core" : group) + "/" + rbacResource() + ": " + String.join(", ", verbs);
    }
  }

  /**
   * AWS IAM actions, on the resources {@code resource} names (an ARN template), or on every
   * resource when it is empty (actions without resource-level permissions).
   */
  record Iam(List<String> actions, List<Template> resources) implements Permission {
    public Iam {
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
    }

    @Override
    public String line() {
      return "IAM: " + String.join(", ", actions) + (resources.isEmpty() ? ""
          : " on " + String.join(", ", resources.stream().map(Template::text).toList()));
    }
  }

  /**
   * A PostgreSQL requirement, in words.
   *
   * @param role the predefined or named role to grant, when the line reads {@code role NAME ...}
   */
  record Postgres(Template requirement, Optional<String> role) implements Permission {
    @Override
    public String line() {
      return "PostgreSQL: " + requirement.text();
    }
  }

  /** Where the plugin connects to; no grant, but a NetworkPolicy's egress must allow it. */
  record Network(String description) implements Permission {
    @Override
    public String line() {
      return "network: " + description;
    }
  }

  /**
   * A permission in another system's own access control (MLflow's EDIT on a registered model):
   * granted there, listed with the rest so an operator sees it.
   */
  record Application(String system, String description) implements Permission {
    @Override
    public String line() {
      return system + ": " + description;
    }
  }

  /** The secret a pager is configured with. */
  record Credential(String description) implements Permission {
    @Override
    public String line() {
      return "credential: " + description;
    }
  }
}

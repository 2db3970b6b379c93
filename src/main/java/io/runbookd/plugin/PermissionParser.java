package io.runbookd.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The grammar of {@link Permission} lines, and what no plugin may ask for. */
final class PermissionParser {
  private static final Pattern KUBERNETES =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?)/([a-z][a-z0-9]*)(/([a-z][a-z0-9]*))?");
  private static final Pattern IAM_ACTION = Pattern.compile("[a-z0-9-]+:[A-Z][A-Za-z0-9]*");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[^\\s]*");
  private static final Pattern ROLE = Pattern.compile("role ([a-z_][a-z0-9_]*)\\b.*", Pattern.DOTALL);
  private static final Set<String> VERBS =
      Set.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
  private static final Set<String> FORBIDDEN_RESOURCES =
      Set.of(
          "/secrets", "/pods/exec", "/pods/attach", "/pods/portforward", "/pods/proxy",
          "/nodes/proxy", "/services/proxy", "/serviceaccounts/token");
  private static final Set<String> TEXT_HEADS = Set.of("IAM", "PostgreSQL", "network", "credential", "MLflow");

  private PermissionParser() {}

  static boolean startsLikePermission(String line) {
    int colon = line.indexOf(": ");
    return colon > 0
        && (TEXT_HEADS.contains(line.substring(0, colon)) || KUBERNETES.matcher(line.substring(0, colon)).matches());
  }

  static Permission parse(String line) {
    int colon = line.indexOf(": ");
    if (colon <= 0 || line.substring(colon + 2).isBlank()) {
      throw refused(line, "expected 'HEAD: ...' with HEAD one of GROUP/RESOURCE, IAM, PostgreSQL, network, credential");
    }
    String head = line.substring(0, colon);
    String rest = line.substring(colon + 2).strip();
    return switch (head) {
      case "IAM" -> iam(line, rest);
      case "PostgreSQL" -> postgres(line, rest);
      case "network" -> new Permission.Network(rest);
      case "credential" -> new Permission.Credential(rest);
      case "MLflow" -> new Permission.Application(head, rest);
      default -> kubernetes(line, head, rest);
    };
  }

  private static Permission kubernetes(String line, String head, String rest) {
    Matcher m = KUBERNETES.matcher(head);
    if (!m.matches()) {
      throw refused(line, "'" + head + "' is neither GROUP/RESOURCE[/SUBRESOURCE] nor IAM, PostgreSQL, network, credential");
    }
    String group = m.group(1).equals("core") ? "" : m.group(1);
    Optional<String> sub = Optional.ofNullable(m.group(5));
    Set<String> verbs = new TreeSet<>();
    for (String verb : rest.split(",\\s*", -1)) {
      if (!VERBS.contains(verb)) {
        throw refused(line, "'" + verb + "' is not one of the verbs " + new TreeSet<>(VERBS));
      }
      verbs.add(verb);
    }
    Permission.Kubernetes k = new Permission.Kubernetes(group, m.group(3), sub, new TreeSet<>(verbs));
    String key = group + "/" + k.rbacResource();
    if (FORBIDDEN_RESOURCES.contains(key) || group.equals("rbac.authorization.k8s.io")) {
      throw refused(line, "runbookd never asks for " + head);
    }
    if (key.equals("/pods") && verbs.contains("create")) {
      throw refused(line, "runbookd never creates pods");
    }
    return k;
  }

  private static Permission iam(String line, String rest) {
    String[] parts = rest.split(" on ", 2);
    List<String> actions = new ArrayList<>();
    for (String action : Arrays.asList(parts[0].split(",\\s*", -1))) {
      if (!IAM_ACTION.matcher(action).matches()) {
        throw refused(line, "'" + action + "' is not an IAM action such as rds:ModifyDBInstance (no wildcards)");
      }
      actions.add(action);
    }
    List<Template> resources = new ArrayList<>();
    for (String arn : parts.length == 2 ? parts[1].split(",\\s*", -1) : new String[0]) {
      if (!ARN.matcher(arn).matches()) {
        throw refused(line, "'" + arn + "' is not an ARN template such as arn:aws:rds:*:*:db:{instance}");
      }
      resources.add(new Template(arn));
    }
    return new Permission.Iam(actions, resources);
  }

  private static Permission postgres(String line, String rest) {
    Matcher m = ROLE.matcher(rest);
    return new Permission.Postgres(new Template(rest), m.matches() ? Optional.of(m.group(1)) : Optional.empty());
  }

  private static IllegalArgumentException refused(String line, String why) {
    return new IllegalArgumentException("permission '" + Checks.clip(line) + "': " + why);
  }
}

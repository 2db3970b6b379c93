package io.runbookd.rbac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/** What the rules need outside Kubernetes, printed as YAML comments after the RBAC documents. */
final class GrantComments {
  private GrantComments() {}

  static void append(StringBuilder out, RbacPlan plan, Map<String, String> users) {
    if (!plan.postgres().isEmpty()) {
      out.append("\n# PostgreSQL, in each database, as an administrator:\n");
      plan.postgres().forEach((datasource, grants) -> postgres(out, datasource, grants, users));
    }
    if (!plan.iam().isEmpty()) {
      out.append("\n# AWS IAM policy for the credentials the AWS SDK finds (e.g. the ServiceAccount's role):\n");
      for (String line : iamPolicy(plan).split("\n")) {
        out.append("#   ").append(line).append('\n');
      }
    }
    if (!plan.network().isEmpty()) {
      out.append("\n# Network egress the plugins need:\n");
      plan.network().forEach((where, plugins) -> out.append("#   ").append(where).append("  (").append(String.join(", ", plugins)).append(")\n"));
    }
  }

  private static void postgres(
      StringBuilder out, String datasource, Map<String, SortedSet<String>> needs, Map<String, String> users) {
    boolean every = datasource.equals("*");
    String user = every ? "USER" : users.getOrDefault(datasource, "runbookd");
    out.append("#   datasource ").append(every ? "(every datasource)" : datasource)
        .append(", user ").append(user).append(":\n");
    needs.forEach(
        (what, plugins) ->
            out.append("#     ")
                .append(what.startsWith(RbacPlan.GRANT) ? what + " TO " + user + ";" : what)
                .append("  -- ").append(String.join(", ", plugins)).append('\n'));
  }

  /** One statement per set of resources, actions sorted: a policy document ready to attach. */
  static String iamPolicy(RbacPlan plan) {
    Map<SortedSet<String>, List<String>> byResources = new TreeMap<>((a, b) -> String.join(",", a).compareTo(String.join(",", b)));
    plan.iam().forEach((action, resources) -> byResources.computeIfAbsent(resources, r -> new ArrayList<>()).add(action));
    List<Map<String, Object>> statements = new ArrayList<>();
    byResources.forEach(
        (resources, actions) -> {
          Map<String, Object> statement = new LinkedHashMap<>();
          statement.put("Effect", "Allow");
          statement.put("Action", actions);
          statement.put("Resource", resources.contains("*") ? "*" : List.copyOf(resources));
          statements.add(statement);
        });
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("Version", "2012-10-17");
    policy.put("Statement", statements);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.runbookd.k8s;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.plugin.RefusedException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Label selectors where they pick what an action changes. An empty selector is refused when rules
 * load ({@link io.runbookd.plugin.Checks#LABEL_SELECTOR}); here, at execution, a selector that
 * matches no pod is a mistake in the rule, and one that matches every pod of the namespace is no
 * selection at all: both are refused, never read as "all".
 */
public final class PodSelection {
  private PodSelection() {}

  /** The pods {@code selector} matches in {@code namespace}: at least one, never all of them. */
  public static List<Pod> select(KubernetesClient client, String namespace, LabelSelector selector)
      throws RefusedException {
    List<Pod> all = client.pods().inNamespace(namespace).list().getItems();
    List<Pod> matched = all.stream().filter(p -> matches(selector.labels(), labels(p))).toList();
    if (matched.isEmpty()) {
      throw new RefusedException(
          "selector " + selector.text() + " matches nothing in namespace " + namespace);
    }
    if (matched.size() == all.size()) {
      throw new RefusedException(
          "selector "
              + selector.text()
              + " matches everything in namespace "
              + namespace
              + " ("
              + all.size()
              + " pods); name one workload");
    }
    return matched;
  }

  /**
   * Whether an API selector (a PodDisruptionBudget's, a Deployment's) selects {@code labels}. As
   * the API defines it: null selects nothing, an empty one everything.
   */
  public static boolean matches(
      io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> wanted = selector.getMatchLabels();
    if (wanted != null && !matches(wanted, labels)) {
      return false;
    }
    List<LabelSelectorRequirement> rules = selector.getMatchExpressions();
    return rules == null || rules.stream().allMatch(r -> holds(r, labels));
  }

  public static Map<String, String> labels(Pod pod) {
    Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static boolean matches(Map<String, String> wanted, Map<String, String> labels) {
    return wanted.entrySet().stream()
        .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
  }

  private static boolean holds(LabelSelectorRequirement rule, Map<String, String> labels) {
    String value = labels.get(rule.getKey());
    List<String> values = rule.getValues() == null ? List.of() : rule.getValues();
    return switch (rule.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}

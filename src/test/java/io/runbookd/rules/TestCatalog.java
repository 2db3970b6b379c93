package io.runbookd.rules;

import io.runbookd.plugin.Catalog;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.PluginInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The plugins the shipped rules name, declared as the real ones are (names, parameters, checks), so
 * that rule tests need no Kubernetes client. If the real declarations drift from these, the shipped
 * rules could pass here and fail in the daemon: the composition root's tests load them with the
 * real catalog too.
 */
final class TestCatalog implements Catalog {

  private static final Param NAMESPACE =
      Param.required("namespace", ParamType.STRING, "namespace", Checks.K8S_LABEL_NAME);
  private static final Param DEPLOYMENT =
      Param.required("deployment", ParamType.STRING, "Deployment name", Checks.K8S_NAME);

  // After the parameters it is built from.
  static final TestCatalog INSTANCE = new TestCatalog();

  private final Map<Kind, Map<String, PluginInfo>> plugins =
      Map.of(
          Kind.PROBE,
          byName(
              plugin(
                  "k8s.rollout_history",
                  NAMESPACE,
                  DEPLOYMENT,
                  Param.optional(
                      "limit", ParamType.INTEGER, "revisions to list", Checks.range(1, 50))),
              plugin(
                  "k8s.pod_status",
                  NAMESPACE,
                  Param.required(
                      "selector", ParamType.STRING, "label selector", Checks.LABEL_SELECTOR))),
          Kind.ACTION,
          byName(
              plugin("k8s.rollout_restart", NAMESPACE, DEPLOYMENT),
              plugin(
                  "k8s.set_env",
                  NAMESPACE,
                  DEPLOYMENT,
                  Param.optional(
                      "container", ParamType.STRING, "container name", Checks.K8S_LABEL_NAME),
                  Param.required(
                      "env", ParamType.STRING_MAP, "variables to set", Checks.ENV_VAR_NAMES))),
          Kind.PAGER,
          byName(plugin("log")));

  private TestCatalog() {}

  @Override
  public Optional<PluginInfo> find(Kind kind, String name) {
    return Optional.ofNullable(plugins.get(kind).get(name));
  }

  @Override
  public SortedSet<String> names(Kind kind) {
    return new TreeSet<>(plugins.get(kind).keySet());
  }

  private static PluginInfo plugin(String name, Param... params) {
    return new PluginInfo(name, name, "", List.of(params), List.of());
  }

  private static Map<String, PluginInfo> byName(PluginInfo... infos) {
    Map<String, PluginInfo> out = new TreeMap<>();
    for (PluginInfo info : infos) {
      out.put(info.name(), info);
    }
    return out;
  }
}

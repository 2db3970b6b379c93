package io.runbookd.actions.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.Plugin;
import io.runbookd.testing.MockCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Objects the action tests add to the seed, written as {@code kubectl get -o yaml} shows them. */
final class K8sFixtures {
  private K8sFixtures() {}

  /** Name, replicas. */
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: %1$s
        labels: {app: %1$s}
        annotations: {deployment.kubernetes.io/revision: "1"}
      spec:
        replicas: %2$d
        selector: {matchLabels: {app: %1$s}}
        template:
          metadata: {labels: {app: %1$s}}
          spec: {containers: [{name: main, image: "%1$s:1"}]}
      """;

  /** Name, Deployment uid. */
  private static final String REPLICA_SET =
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: %1$s-1
        labels: {app: %1$s}
        annotations: {deployment.kubernetes.io/revision: "1"}
        ownerReferences:
        - {apiVersion: apps/v1, kind: Deployment, name: %1$s, uid: %2$s, controller: true}
      spec:
        selector: {matchLabels: {app: %1$s}}
        template:
          metadata: {labels: {app: %1$s}}
          spec: {containers: [{name: main, image: "%1$s:1"}]}
      """;

  /** Pod name, app, ReplicaSet uid, Ready. */
  private static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: %1$s
        labels: {app: %2$s}
        ownerReferences:
        - {apiVersion: apps/v1, kind: ReplicaSet, name: %2$s-1, uid: %3$s, controller: true}
      spec: {containers: [{name: main, image: "%2$s:1"}]}
      status: {phase: Running, conditions: [{type: Ready, status: "%4$s"}]}
      """;

  /**
   * Deployment {@code name} in nba-mcp at revision 1, its ReplicaSet and one pod per entry of
   * {@code ready}, ready or not, owned as the controllers would own them. Returns the pod names.
   */
  static List<String> workload(MockCluster cluster, String name, int replicas, boolean... ready) {
    String uid = create(cluster, DEPLOYMENT.formatted(name, replicas));
    String rs = create(cluster, REPLICA_SET.formatted(name, uid));
    List<String> pods = new ArrayList<>();
    for (int i = 0; i < ready.length; i++) {
      String pod = name + "-1-" + i;
      create(cluster, POD.formatted(pod, name, rs, ready[i] ? "True" : "False"));
      pods.add(pod);
    }
    cluster.clearRequests();
    return pods;
  }

  /** A policy/v1 budget over {@code app=APP} whose status allows {@code allowed} disruptions. */
  static void budget(MockCluster cluster, String name, String app, int allowed) {
    create(
        cluster,
        """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: %s}
        spec: {minAvailable: 2, selector: {matchLabels: {app: %s}}}
        status: {disruptionsAllowed: %d, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3}
        """
            .formatted(name, app, allowed));
    cluster.clearRequests();
  }

  /** An autoscaling/v2 HPA scaling Deployment {@code target}. */
  static void autoscaler(MockCluster cluster, String name, String target) {
    create(
        cluster,
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: %s}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          minReplicas: 2
          maxReplicas: 10
        """
            .formatted(name, target));
    cluster.clearRequests();
  }

  /** Binds raw values the way the engine does: declared checks first, then the plugin's own. */
  static <P> P bind(Plugin<P> plugin, Map<String, Object> raw) throws Exception {
    return plugin.bind(ParamBinder.bind(plugin.info().params(), raw));
  }

  private static String create(MockCluster cluster, String yaml) {
    HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(yaml);
    return cluster.client().resource(object).inNamespace("nba-mcp").create().getMetadata().getUid();
  }
}

package io.runbookd.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.runbookd.k8s.K8sTime;
import io.runbookd.k8s.KubernetesClients;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * A fake Kubernetes API for tests: fabric8's mock server in CRUD mode, holding the seed's {@code
 * nba-mcp/nba-mcp} Deployment with its ReplicaSets and Pods ({@link Seed}), reached through a
 * client built by {@link KubernetesClients} like the daemon's. It runs no controllers: a restart
 * changes the Deployment, nothing else. Every POST, PUT, PATCH and DELETE it receives after seeding
 * is recorded, so tests can assert that dry-run and probes change nothing. Expectations set on
 * {@link #server()} ({@code expect()...once()}) answer before the CRUD store, e.g. to inject a 409
 * or a 500. Pod logs, evictions and the pod field selector {@code status.phase}, which the CRUD
 * store cannot serve, come from {@link #podLog}, {@link MockClusterEvictions} (which honours
 * PodDisruptionBudgets by their status) and {@link MockClusterPodPhases}.
 */
public final class MockCluster implements AutoCloseable {
  private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

  static {
    // fabric8's mock web server logs through java.util.logging
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final List<String> mutating = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final MockPodLogs logs = new MockPodLogs();
  private final Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final Server server;
  private final KubernetesClient client;
  private final MockClusterEvictions evictions;
  private final MockClusterPodPhases phases;

  private MockCluster() {
    server = new Server(expectations, new Recorder());
    server.init();
    client = KubernetesClients.create(server.config(), vertx);
    evictions = new MockClusterEvictions(crud, client.getKubernetesSerialization());
    phases = new MockClusterPodPhases(crud, client.getKubernetesSerialization());
  }

  /** A cluster holding the seed's objects ({@link Seed}); requests recorded from here on. */
  public static MockCluster start() {
    MockCluster cluster = empty();
    Seed.into(cluster);
    cluster.clearRequests();
    return cluster;
  }

  /** A cluster with nothing in it. */
  public static MockCluster empty() {
    return new MockCluster();
  }

  public KubernetesClient client() {
    return client;
  }

  /** For {@code server().expect()...}: canned answers that win over the CRUD store. */
  public KubernetesMockServer server() {
    return server;
  }

  /** The instant the seeded ages are relative to: inject {@link #clock()} into probes. */
  public Instant now() {
    return Seed.NOW;
  }

  public Clock clock() {
    return Clock.fixed(Seed.NOW, ZoneOffset.UTC);
  }

  /** {@code "PATCH /apis/apps/v1/namespaces/nba-mcp/deployments/nba-mcp"}, in arrival order. */
  public List<String> mutatingRequests() {
    return List.copyOf(mutating);
  }

  /** Every request since the last {@link #clearRequests}, {@code "GET /api/v1/..."}, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    mutating.clear();
    requests.clear();
  }

  /**
   * What {@code GET .../pods/POD/log?container=CONTAINER} answers, honouring {@code tailLines} and
   * {@code limitBytes} as the kubelet does (see {@link MockPodLogs}).
   */
  public void podLog(String namespace, String pod, String container, String text) {
    logs.put(namespace, pod, container, text);
  }

  /** The Eviction bodies received on {@code pods/NAME/eviction}, in arrival order. */
  public List<Eviction> evictions() {
    return evictions.received();
  }

  public Deployment deployment(String namespace, String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /**
   * Rewrites the stored object's {@code creationTimestamp}: the mock stamps "now" on every create
   * and keeps it on updates, and revision ages need the past.
   */
  public void backdate(String apiPath, Instant created) {
    AttributeSet key = crud.getKey(apiPath);
    Map.Entry<AttributeSet, String> stored = crud.findResource(key);
    if (stored == null) {
      throw new IllegalArgumentException("nothing stored at " + apiPath);
    }
    KubernetesSerialization json = client.getKubernetesSerialization();
    GenericKubernetesResource resource =
        json.unmarshal(stored.getValue(), GenericKubernetesResource.class);
    resource.getMetadata().setCreationTimestamp(K8sTime.format(created));
    crud.processEvent(apiPath, key, stored.getKey(), resource, json.asJson(resource));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Vert.x did not close within 10 s", e);
    }
  }

  /** Records mutating requests, then answers like fabric8's mixed (expectations + CRUD) mode. */
  private final class Recorder extends Dispatcher {
    private final MockDispatcher canned = new MockDispatcher(expectations);

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (MUTATING.contains(request.getMethod())) {
        mutating.add(request.getMethod() + " " + request.getPath());
      }
      requests.add(request.getMethod() + " " + request.getPath());
      Queue<ServerResponse> queue =
          expectations.get(
              new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
      if (queue != null && !queue.isEmpty()) {
        return canned.dispatch(request);
      }
      return logs.answer(request, this::stored)
          .or(() -> evictions.answer(request))
          .or(() -> phases.answer(request))
          .orElseGet(() -> crud.dispatch(request));
    }

    private boolean stored(String apiPath) {
      return crud.findResource(crud.getKey(apiPath)) != null;
    }
  }

  /** Exposes the mock's client configuration, so the client is built the daemon's way. */
  private static final class Server extends KubernetesMockServer {
    Server(Map<ServerRequest, Queue<ServerResponse>> expectations, Dispatcher dispatcher) {
      super(new Context(), new MockWebServer(), expectations, dispatcher, false);
    }

    Config config() {
      return initConfig();
    }
  }

  /**
   * The seed document's workload mid-incident: Deployment {@code nba-mcp/nba-mcp} at revision 7
   * (rolled out 12 minutes before {@link #NOW}), its ReplicaSets for revisions 5 to 7 (7's pod
   * template is the Deployment's plus a {@code pod-template-hash} label, as the controller makes
   * it; 5 and 6 ran older images with only {@code LOG_LEVEL} set), a sibling ReplicaSet with the
   * same labels but another owner, and three pods of revision 7's ReplicaSet (their controller):
   * one ready, one ready after 7 restarts with its last termination OOMKilled, one in
   * CrashLoopBackOff, each limited to one CPU and 8Gi ({@link #MEMORY_LIMIT}); plus a bare pod of
   * another app, which no controller would recreate. Written as the manifests {@code kubectl get -o
   * yaml} would show.
   */
  public static final class Seed {
    public static final String NAMESPACE = "nba-mcp";
    public static final String DEPLOYMENT = "nba-mcp";
    public static final String SELECTOR = "app=nba-mcp";
    public static final String CONTAINER = "api";
    public static final Instant NOW = Instant.parse("2025-10-12T12:00:00Z");
    public static final String POD_READY = "nba-mcp-7f9c-ready";
    public static final String POD_OOM = "nba-mcp-7f9c-oom";
    public static final String POD_CRASHING = "nba-mcp-7f9c-crash";
    public static final long MEMORY_LIMIT = 8L << 30;
    public static final long CPU_LIMIT_MILLICORES = 1000;

    private static final String DEPLOYMENT_YAML =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nba-mcp
          labels: {app: nba-mcp}
          annotations: {deployment.kubernetes.io/revision: "7"}
        spec:
          replicas: 3
          selector: {matchLabels: {app: nba-mcp}}
          template:
            metadata: {labels: {app: nba-mcp}}
            spec:
              containers:
              - name: api
                image: ghcr.io/nba-mcp/api:2.0.0
                env:
                - {name: LOG_LEVEL, value: info}
                - {name: DB_POOL_SIZE, value: "20"}
                - name: DB_PASSWORD
                  valueFrom: {secretKeyRef: {name: nba-mcp-db, key: password}}
        """;

    /** Owner name, revision, change cause, owner uid, image, container env. */
    private static final String REPLICA_SET_YAML =
        """
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: %1$s-rev%2$d
          labels: {app: nba-mcp}
          annotations:
            deployment.kubernetes.io/revision: "%2$d"
            kubernetes.io/change-cause: %3$s
          ownerReferences:
          - {apiVersion: apps/v1, kind: Deployment, name: %1$s, uid: %4$s, controller: true}
        spec:
          selector: {matchLabels: {app: nba-mcp}}
          template:
            metadata: {labels: {app: nba-mcp, pod-template-hash: "h%2$d"}}
            spec:
              containers: [{name: api, image: "%5$s", env: %6$s}]
        """;

    /** The Deployment's env, which its current ReplicaSet's template carries too. */
    private static final String CURRENT_ENV =
        "[{name: LOG_LEVEL, value: info}, {name: DB_POOL_SIZE, value: \"20\"},"
            + " {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: nba-mcp-db, key: password}}}]";

    /** Name, app label, ready, restarts, state, last termination, Ready condition, owners. */
    private static final String POD_YAML =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, labels: {app: %s}, ownerReferences: %8$s}
        spec:
          containers:
          - name: api
            image: "ghcr.io/nba-mcp/api:2.0.0"
            resources:
              requests: {cpu: 500m, memory: 4Gi}
              limits: {cpu: "1", memory: 8Gi}
        status:
          phase: Running
          conditions: [{type: Ready, status: "%7$s"}]
          containerStatuses:
          - name: api
            ready: %3$s
            restartCount: %4$d
            state: %5$s
            lastState: %6$s
        """;

    private Seed() {}

    static void into(MockCluster cluster) {
      String uid = create(cluster, DEPLOYMENT_YAML).getMetadata().getUid();
      replicaSet(cluster, DEPLOYMENT, uid, 5, "deploy v1.9.0", Duration.ofDays(9));
      replicaSet(cluster, DEPLOYMENT, uid, 6, "deploy v1.9.1", Duration.ofDays(2));
      String rev7 =
          replicaSet(cluster, DEPLOYMENT, uid, 7, "deploy v2.0.0", Duration.ofMinutes(12));
      replicaSet(cluster, "nba-mcp-canary", "not-" + uid, 3, "canary", Duration.ofHours(1));
      String running = "{running: {}}";
      String owner =
          "[{apiVersion: apps/v1, kind: ReplicaSet, name: nba-mcp-rev7, uid: "
              + rev7
              + ", controller: true}]";
      pod(cluster, POD_READY, "nba-mcp", true, 0, running, "{}", owner);
      pod(cluster, POD_OOM, "nba-mcp", true, 7, running, terminated("OOMKilled", 137, 3), owner);
      pod(
          cluster,
          POD_CRASHING,
          "nba-mcp",
          false,
          3,
          "{waiting: {reason: CrashLoopBackOff}}",
          terminated("Error", 1, 1),
          owner);
      pod(cluster, "other-app-1", "other", true, 0, running, "{}", "[]");
    }

    /** Image of revision N: 5 is 1.9.0, 6 is 1.9.1, 7 is 2.0.0. */
    public static String image(int revision) {
      return "ghcr.io/nba-mcp/api:" + (revision == 5 ? "1.9.0" : revision == 6 ? "1.9.1" : "2.0.0");
    }

    /** Creates the ReplicaSet of {@code owner}'s revision; returns its uid. */
    private static String replicaSet(
        MockCluster cluster, String owner, String uid, int revision, String cause, Duration age) {
      String env = revision == 7 ? CURRENT_ENV : "[{name: LOG_LEVEL, value: info}]";
      String yaml = REPLICA_SET_YAML.formatted(owner, revision, cause, uid, image(revision), env);
      String created = create(cluster, yaml).getMetadata().getUid();
      String path = "/apis/apps/v1/namespaces/" + NAMESPACE + "/replicasets/" + owner + "-rev";
      cluster.backdate(path + revision, NOW.minus(age));
      return created;
    }

    private static void pod(
        MockCluster cluster,
        String name,
        String app,
        boolean ready,
        int restarts,
        String state,
        String lastState,
        String owners) {
      String condition = ready ? "True" : "False";
      create(
          cluster,
          POD_YAML.formatted(name, app, ready, restarts, state, lastState, condition, owners));
    }

    private static String terminated(String reason, int exitCode, int minutesAgo) {
      return "{terminated: {reason: "
          + reason
          + ", exitCode: "
          + exitCode
          + ", finishedAt: \""
          + K8sTime.format(NOW.minus(Duration.ofMinutes(minutesAgo)))
          + "\"}}";
    }

    private static HasMetadata create(MockCluster cluster, String yaml) {
      HasMetadata object = cluster.client().getKubernetesSerialization().unmarshal(yaml);
      return cluster.client().resource(object).inNamespace(NAMESPACE).create();
    }
  }
}

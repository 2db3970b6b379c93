package io.runbookd.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.runbookd.config.ConfigException;
import io.runbookd.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/kubernetes as {@code kubectl apply -k deploy/kubernetes} would create it. */
class ManifestsTest {
  static final Path ROOT = Path.of("deploy/kubernetes");
  private final TypedManifests base = new TypedManifests(Kustomize.build(ROOT));

  @Test
  void everyManifestIsListedAndTyped() throws IOException {
    try (Stream<Path> files = Files.list(ROOT.resolve("base"))) {
      long manifests = files.filter(f -> !f.endsWith("kustomization.yaml")).count();
      assertThat(manifests).as("every file in base/ is in its kustomization").isEqualTo(9);
    }
    assertThat(base.all()).extracting(HasMetadata::getKind)
        .contains("Namespace", "ServiceAccount", "Role", "RoleBinding", "PersistentVolumeClaim", "Deployment",
            "Service", "PodDisruptionBudget", "NetworkPolicy", "ServiceMonitor");
    assertThat(base.find(ClusterRole.class)).as("the shipped rules read nothing cluster-scoped").isEmpty();
  }

  @Test
  void aMisspelledFieldIsRefused() {
    ObjectNode doc = Kustomize.JSON.createObjectNode();
    doc.put("apiVersion", "v1").put("kind", "ServiceAccount").putObject("metadata").put("name", "x");
    doc.put("automountServiceAccountTokens", false);

    assertThatThrownBy(() -> TypedManifests.typed(doc)).hasMessageContaining("automountServiceAccountTokens");
  }

  @Test
  void thePodRunsLockedDownWithTheEmbeddedStoreOnItsClaim() {
    Deployment d = base.one(Deployment.class);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);

    PodSecurity.check(d);
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(PodSecurity.env(c, "RUNBOOKD_STORE_URL").orElseThrow().getValue())
        .isEqualTo("jdbc:sqlite:/var/lib/runbookd/runbookd.db");
    assertThat(PodSecurity.volumeAt(d.getSpec().getTemplate().getSpec(), c, "/var/lib/runbookd")
            .getPersistentVolumeClaim().getClaimName())
        .isEqualTo(base.one(PersistentVolumeClaim.class).getMetadata().getName());
  }

  @Test
  void theRolesAreBoundToTheServiceAccountThePodRunsAs() {
    ServiceAccount account = base.one(ServiceAccount.class);
    Deployment d = base.one(Deployment.class);

    assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(account.getMetadata().getName());
    assertThat(base.all(RoleBinding.class)).isNotEmpty().allSatisfy(b -> {
      assertThat(b.getSubjects()).singleElement().satisfies(s -> {
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
        assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
      });
    });
  }

  @Test
  void ingressOnlyFromAlertmanagerAndPrometheusToTheHttpPort() {
    NetworkPolicy policy = base.one(NetworkPolicy.class);
    Deployment d = base.one(Deployment.class);

    assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    assertThat(rules).hasSize(2).allSatisfy(rule -> {
      assertThat(rule.getFrom()).isNotEmpty().allSatisfy(peer -> {
        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsKey("kubernetes.io/metadata.name");
        assertThat(peer.getIpBlock()).isNull();
      });
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
    });
    assertThat(rules).extracting(r -> r.getFrom().get(0).getPodSelector().getMatchLabels().get("app.kubernetes.io/name"))
        .containsExactly("alertmanager", "prometheus");
  }

  @Test
  void theServiceAndServiceMonitorReachTheMetricsOfThePod() {
    Service service = base.one(Service.class);
    ServiceMonitor monitor = base.one(ServiceMonitor.class);
    Deployment d = base.one(Deployment.class);

    assertThat(service.getSpec().getSelector()).isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("http");
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
    });
    assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(service.getMetadata().getLabels());
    assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
      assertThat(e.getPort()).isEqualTo("http");
      assertThat(e.getPath()).isEqualTo("/metrics");
    });
  }

  @Test
  void theDisruptionBudgetCoversThePod() {
    PodDisruptionBudget pdb = base.one(PodDisruptionBudget.class);

    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(base.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels());
  }

  /** Every RUNBOOKD_* variable the manifests set is a configuration key the daemon knows. */
  @Test
  void everyEnvironmentOverrideNamesARealConfigurationKey(@TempDir Path dir) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (Container c : containers(base)) {
      c.getEnv().stream().filter(e -> e.getName().startsWith("RUNBOOKD_")).forEach(e -> env.put(e.getName(), e.getValue()));
    }
    Path token = Files.writeString(dir.resolve("token"), "a-token-of-at-least-16-chars");
    env.replaceAll((name, v) -> name.endsWith("FILE") ? token.toString() : v);

    assertThat(env).containsKeys("RUNBOOKD_WEBHOOK_TOKENFILE", "RUNBOOKD_API_TOKENFILE", "RUNBOOKD_LOG_FORMAT");
    new ConfigLoader(env).load(Path.of("config/runbookd.yaml"));
  }

  static List<Container> containers(TypedManifests manifests) {
    return manifests.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers();
  }
}

package io.runbookd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/overlays/postgres, built as kustomize would: base plus its patches. */
class PostgresOverlayTest {
  private final TypedManifests overlay = new TypedManifests(Kustomize.build(Path.of("deploy/kubernetes/overlays/postgres")));
  private final TypedManifests base = new TypedManifests(Kustomize.build(ManifestsTest.ROOT));

  @Test
  void twoOrMoreReplicasRollingWithOneAlwaysAvailable() {
    Deployment d = overlay.one(Deployment.class);
    PodDisruptionBudget pdb = overlay.one(PodDisruptionBudget.class);

    PodSecurity.check(d);
    assertThat(d.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getMaxUnavailable()).isNull();
  }

  @Test
  void theStoreIsPostgresFromASecretAndNoVolumeIsLeftForTheEmbeddedOne() {
    Deployment d = overlay.one(Deployment.class);
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);

    assertThat(overlay.find(PersistentVolumeClaim.class)).isEmpty();
    assertThat(pod.getVolumes()).noneMatch(v -> v.getPersistentVolumeClaim() != null);
    assertThat(c.getVolumeMounts()).noneMatch(m -> m.getMountPath().equals("/var/lib/runbookd"));
    var url = PodSecurity.env(c, "RUNBOOKD_STORE_URL").orElseThrow();
    assertThat(url.getValue()).isNull();
    assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo("runbookd-store");
    String password = PodSecurity.env(c, "RUNBOOKD_STORE_PASSWORDFILE").orElseThrow().getValue();
    assertThat(PodSecurity.volumeAt(pod, c, password.substring(0, password.lastIndexOf('/'))).getSecret().getSecretName())
        .isEqualTo("runbookd-store");
  }

  @Test
  void everythingElseIsTheBase() {
    assertThat(overlay.all(Role.class)).isEqualTo(base.all(Role.class));
    assertThat(overlay.all().size()).isEqualTo(base.all().size() - 1);
  }
}

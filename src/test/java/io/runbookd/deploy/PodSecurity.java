package io.runbookd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Optional;

/** What every build of the manifests must hold for runbookd's pod, whatever the store. */
final class PodSecurity {
  private PodSecurity() {}

  static void check(Deployment deployment) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).hasSize(1);
    Container c = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(path(c.getLivenessProbe())).isEqualTo("/healthz");
    assertThat(path(c.getReadinessProbe())).isEqualTo("/readyz");
    assertThat(volumeAt(pod, c, "/tmp").getEmptyDir()).as("/tmp is an emptyDir").isNotNull();
    tokenFromSecretFile(pod, c, "RUNBOOKD_WEBHOOK_TOKENFILE");
    tokenFromSecretFile(pod, c, "RUNBOOKD_API_TOKENFILE");
    assertThat(c.getEnv()).noneMatch(e -> e.getName().matches("RUNBOOKD_.*(TOKEN|PASSWORD|KEY)") && e.getValue() != null);
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
  }

  private static String path(Probe probe) {
    assertThat(probe).isNotNull();
    return probe.getHttpGet().getPath();
  }

  /** The token is a file on a Secret volume, named by the {@code …File} configuration key. */
  private static void tokenFromSecretFile(PodSpec pod, Container c, String env) {
    String file = env(c, env).map(EnvVar::getValue).orElseThrow(() -> new AssertionError(env + " missing"));
    String dir = file.substring(0, file.lastIndexOf('/'));
    Volume volume = volumeAt(pod, c, dir);
    assertThat(volume.getSecret()).as(env + " comes from a Secret").isNotNull();
    assertThat(volume.getSecret().getDefaultMode()).as("not world-readable").isLessThanOrEqualTo(0440);
  }

  static Optional<EnvVar> env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  static Volume volumeAt(PodSpec pod, Container c, String mountPath) {
    VolumeMount mount =
        c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath)).findFirst()
            .orElseThrow(() -> new AssertionError("nothing mounted at " + mountPath));
    return pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
  }
}

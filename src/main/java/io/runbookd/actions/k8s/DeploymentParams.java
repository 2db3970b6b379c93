package io.runbookd.actions.k8s;

/** The Deployment {@code k8s.rollout_restart} restarts. */
public record DeploymentParams(String namespace, String deployment) {
  String ref() {
    return namespace + "/" + deployment;
  }
}

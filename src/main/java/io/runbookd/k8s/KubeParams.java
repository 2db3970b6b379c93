package io.runbookd.k8s;

import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;

/** Parameters the Kubernetes plugins share, with the name checks their values must pass. */
public final class KubeParams {
  private KubeParams() {}

  public static final Param NAMESPACE =
      Param.required(
          "namespace", ParamType.STRING, "namespace of the object", Checks.K8S_LABEL_NAME);

  public static final Param DEPLOYMENT =
      Param.required("deployment", ParamType.STRING, "name of the Deployment", Checks.K8S_NAME);

  public static final Param POD =
      Param.required("pod", ParamType.STRING, "name of the Pod", Checks.K8S_NAME);

  /** The value {@code system()} reports, for the engine's bulkhead and circuit breaker. */
  public static final String SYSTEM = "kubernetes";
}

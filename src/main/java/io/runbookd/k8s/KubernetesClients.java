package io.runbookd.k8s;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the fabric8 client the Kubernetes probes and actions share. It runs on the daemon's own
 * Vert.x (otherwise fabric8 starts a second one) and with tighter defaults than fabric8's: no
 * automatic retries, because fabric8 would otherwise repeat a 429 or 5xx up to ten times on its
 * own, under the engine's timeout and behind its circuit breaker, which own retries here.
 */
public final class KubernetesClients {
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesClients.class);

  private KubernetesClients() {}

  /**
   * The cluster every fabric8 client finds: {@code KUBECONFIG} or {@code ~/.kube/config} (its
   * current context), else the in-cluster service account.
   */
  public static KubernetesClient fromEnvironment(Vertx vertx) {
    Config config = tightened(Config.autoConfigure(null));
    LOG.info("kubernetes: {}", describe(config));
    return create(config, vertx);
  }

  /** A client for {@code config} (e.g. a mock server's) with runbookd's defaults applied. */
  public static KubernetesClient create(Config config, Vertx vertx) {
    Config tightened = tightened(config);
    return new KubernetesClientBuilder()
        .withConfig(tightened)
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
        .build();
  }

  /** A copy of {@code config} without automatic retries and with bounded timeouts. */
  public static Config tightened(Config config) {
    return new ConfigBuilder(config)
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
        .withConnectionTimeout((int) CONNECTION_TIMEOUT.toMillis())
        .build();
  }

  /** Which cluster and context: safe to log (no token, no user info, no query). */
  public static String describe(Config config) {
    NamedContext context = config.getCurrentContext();
    String source =
        context != null
            ? "context '" + context.getName() + "'"
            : config.getFile() != null
                ? "kubeconfig " + config.getFile()
                : "in-cluster service account";
    return source
        + ", server "
        + server(config.getMasterUrl())
        + ", default namespace "
        + config.getNamespace();
  }

  private static String server(String masterUrl) {
    try {
      URI uri = URI.create(masterUrl);
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException | NullPointerException e) {
      return "(unparsable URL)";
    }
  }
}

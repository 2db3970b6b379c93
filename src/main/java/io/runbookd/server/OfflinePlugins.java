package io.runbookd.server;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.k8s.KubernetesClients;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The plugins as the commands that contact no system see them ({@code validate}, {@code
 * simulate}, {@code plugins}): real declarations, with a Kubernetes client that points nowhere
 * and is never called.
 */
public final class OfflinePlugins implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final KubernetesClient client =
      KubernetesClients.create(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build(), vertx);
  private final Plugins plugins = Plugins.create(client, Clock.systemUTC());

  public Plugins plugins() {
    return plugins;
  }

  @Override
  public void close() {
    client.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}

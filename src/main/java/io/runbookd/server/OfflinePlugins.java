package io.runbookd.server;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.config.RunbookdConfig;
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
  private final Clients clients;
  private final Plugins plugins;

  /** @param config the configuration the plugins would run with (datasources, hosts, pagers) */
  public OfflinePlugins(RunbookdConfig config) {
    KubernetesClient client =
        KubernetesClients.create(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build(), vertx);
    this.clients = Clients.of(config, client, Clock.systemUTC());
    this.plugins = Plugins.create(clients);
  }

  public Plugins plugins() {
    return plugins;
  }

  public RunbookdConfig config() {
    return clients.config();
  }

  @Override
  public void close() {
    clients.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }
}

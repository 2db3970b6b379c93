package io.runbookd.server;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.config.Mode;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.engine.Planner;
import io.runbookd.guard.Guardrails;
import io.runbookd.guard.ModeGuard;
import io.runbookd.guard.NamespaceGuard;
import io.runbookd.incident.Priority;
import io.runbookd.rules.RuleSet;
import io.runbookd.k8s.KubernetesClients;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
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

  /**
   * The planner {@code simulate} asks: these rules, the plugins' declarations and the guards
   * that decide without a store (mode, namespaces), for {@code mode} and the allowed {@code
   * namespaces}.
   */
  public Planner planner(RuleSet rules, Mode mode, List<String> namespaces) {
    RunbookdConfig config = clients.config();
    return new Planner(rules, plugins.probes(), plugins.actions(),
        new Guardrails(List.of(new ModeGuard(), new NamespaceGuard(namespaces, ""))), mode, config.vars(),
        Priority.severities(config.escalation().severities()));
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

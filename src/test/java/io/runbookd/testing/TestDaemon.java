package io.runbookd.testing;

import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.server.Daemon;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real daemon on a free loopback port, with a client that speaks to it over HTTP. */
public final class TestDaemon implements AutoCloseable {
  public static final String TOKEN = "test-webhook-token-0123456789";

  static {
    // fabric8 reads these when no kubeconfig exists: the cluster is an address nothing answers.
    System.setProperty("kubernetes.master", "https://127.0.0.1:1");
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    System.setProperty("kubernetes.auth.tryServiceAccount", "false");
  }

  private final Daemon daemon;
  private final java.util.Optional<String> readToken;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestDaemon(Daemon daemon, java.util.Optional<String> readToken) {
    this.daemon = daemon;
    this.readToken = readToken;
  }

  /**
   * Starts with the shipped configuration and rules, on a free loopback port, with the given
   * store, plus any extra keys ({@code webhook.maxBodyBytes} style), applied as a user would:
   * through {@code RUNBOOKD_*} environment overrides.
   */
  public static TestDaemon start(RunbookdConfig.Store store, Map<String, Object> extra) {
    RunbookdConfig config =
        new ConfigLoader(environment(store, extra)).load(Path.of("config/runbookd.yaml"));
    java.util.Optional<String> reads = java.util.Optional.ofNullable(extra.get("api.readToken"))
        .or(() -> java.util.Optional.ofNullable(extra.get("api.token"))).map(String::valueOf);
    return new TestDaemon(new Daemon(config, Clock.systemUTC()).start(), reads);
  }

  /**
   * As {@link #start(RunbookdConfig.Store, Map)}, with the daemon's Kubernetes client pointed at
   * {@code cluster} (fabric8 reads {@code kubernetes.master} when the daemon starts).
   */
  public static synchronized TestDaemon start(
      RunbookdConfig.Store store, Map<String, Object> extra, MockCluster cluster) {
    String before = System.getProperty("kubernetes.master");
    System.setProperty("kubernetes.master", cluster.client().getConfiguration().getMasterUrl());
    try {
      return start(store, extra);
    } finally {
      System.setProperty("kubernetes.master", before);
    }
  }

  /** The overrides that point the shipped configuration at a test's store and port. */
  public static Map<String, String> environment(RunbookdConfig.Store store, Map<String, Object> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("RUNBOOKD_SERVER_HOST", "127.0.0.1");
    env.put("RUNBOOKD_SERVER_PORT", "0");
    env.put("RUNBOOKD_WEBHOOK_TOKEN", TOKEN);
    env.put("RUNBOOKD_STORE_URL", store.url());
    store.user().ifPresent(u -> env.put("RUNBOOKD_STORE_USER", u));
    store.password().ifPresent(p -> env.put("RUNBOOKD_STORE_PASSWORD", p.reveal()));
    env.put("RUNBOOKD_RULES_WATCH", "false");
    // The shipped configuration names real hosts; tests never leave the machine.
    env.put("RUNBOOKD_PROMETHEUS_URL", "http://127.0.0.1:1");
    env.put("RUNBOOKD_DATASOURCES_NBA_STATS_URL", "jdbc:postgresql://127.0.0.1:1/nba_stats");
    env.put("RUNBOOKD_AWS_ENDPOINT", "http://127.0.0.1:1");
    env.put("RUNBOOKD_HTTP_ALLOWEDHOSTS", "127.0.0.1");
    env.put("RUNBOOKD_VARS_HEALTH_URL", "http://127.0.0.1:1/health");
    env.put("RUNBOOKD_VARS_DRIFT_URL", "http://127.0.0.1:1/drift");
    env.put("RUNBOOKD_VARS_RETRAIN_URL", "http://127.0.0.1:1/retrain");
    env.put("RUNBOOKD_VARS_CI_WEBHOOK_URL", "http://127.0.0.1:1/ci");
    env.put("RUNBOOKD_MLFLOW_URL", "http://127.0.0.1:1");
    env.put("RUNBOOKD_VARS_SHADOW_REGISTER_URL", "http://127.0.0.1:1/admin/models/shadow");
    env.put("RUNBOOKD_VARS_MODEL_PROMOTE_URL", "http://127.0.0.1:1/admin/models/promote");
    env.put("RUNBOOKD_VARS_MODEL_CURRENT_URL", "http://127.0.0.1:1/models/current");
    extra.forEach(
        (key, value) ->
            env.put("RUNBOOKD_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT), String.valueOf(value)));
    return env;
  }

  public static TestDaemon start(StoreKind kind, Path dir) {
    return start(kind.config(dir), Map.of());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + daemon.port() + path);
  }

  public HttpResponse<String> postWebhook(String body) {
    return send(
        HttpRequest.newBuilder(uri("/webhook/alertmanager"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A GET with the read credential the daemon was started with (api.readToken, else api.token), if any. */
  public HttpResponse<String> get(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    readToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    return send(request.build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpClient client() {
    return client;
  }

  @Override
  public void close() {
    daemon.close();
  }
}

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

  private final Daemon daemon;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private TestDaemon(Daemon daemon) {
    this.daemon = daemon;
  }

  /** Starts with the shipped rules and the given store, plus any extra config keys. */
  public static TestDaemon start(RunbookdConfig.Store store, Map<String, Object> extra) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("server", new LinkedHashMap<>(Map.of("host", "127.0.0.1", "port", "0")));
    Map<String, Object> webhook = new LinkedHashMap<>(Map.of("token", TOKEN));
    tree.put("webhook", webhook);
    Map<String, Object> storeKeys = new LinkedHashMap<>();
    storeKeys.put("url", store.url());
    store.user().ifPresent(u -> storeKeys.put("user", u));
    store.password().ifPresent(p -> storeKeys.put("password", p.reveal()));
    tree.put("store", storeKeys);
    tree.put("rules", new LinkedHashMap<>(Map.of("dir", "rules", "watch", "false")));
    extra.forEach(
        (key, value) -> {
          String[] parts = key.split("\\.", 2);
          @SuppressWarnings("unchecked")
          Map<String, Object> section =
              (Map<String, Object>) tree.computeIfAbsent(parts[0], k -> new LinkedHashMap<>());
          section.put(parts[1], value);
        });
    RunbookdConfig config = new ConfigLoader(Map.of()).bind(tree);
    return new TestDaemon(new Daemon(config, Clock.systemUTC()).start());
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

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
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

package io.runbookd.engine;

import io.runbookd.aws.AwsClients;
import io.runbookd.config.ConfigLoader;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.server.Clients;
import io.runbookd.server.Plugins;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.SqlWriters;
import io.runbookd.testing.MockCluster;
import io.runbookd.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The daemon's whole plugin set ({@link Plugins#create}), configured by a {@code runbookd.yaml}
 * the test writes, over an {@link EngineHarness}'s mock cluster and clock: what the shipped rules
 * load and run with. AWS clients come from the test (a WireMock endpoint, static credentials);
 * the SQL pools it opens are closed with it.
 */
final class DaemonPlugins implements AutoCloseable {
  private final RunbookdConfig config;
  private final AwsClients aws;
  private final List<Runnable> closers = new ArrayList<>();

  DaemonPlugins(Path dir, String configYaml, AwsClients aws) throws IOException {
    Path file = Files.writeString(dir.resolve("runbookd.yaml"), configYaml);
    this.config = new ConfigLoader(Map.of("RUNBOOKD_WEBHOOK_INSECURE", "true")).load(file);
    this.aws = aws;
  }

  /** For {@link EngineHarness}'s plugin constructor. */
  BiFunction<MockCluster, MutableClock, Plugins> over() {
    return this::create;
  }

  Map<String, String> vars() {
    return config.vars();
  }

  private Plugins create(MockCluster cluster, MutableClock clock) {
    Datasources sql = new Datasources(config.datasources());
    SqlWriters writers = new SqlWriters(config.datasources());
    closers.add(sql::close);
    closers.add(writers::close);
    return Plugins.create(new Clients(config, cluster.client(), aws, sql, writers,
        new BlockingHttp(Duration.ofSeconds(3), clock), new BlockingPost(Duration.ofSeconds(3), clock),
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), clock));
  }

  @Override
  public void close() {
    closers.forEach(Runnable::run);
  }
}

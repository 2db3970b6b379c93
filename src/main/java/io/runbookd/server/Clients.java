package io.runbookd.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.runbookd.aws.AwsClients;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.SqlWriters;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The clients plugins talk through, built once by the composition root. Building them
 * contacts nothing: every client connects on first use, so the commands that only read
 * plugin declarations can build the same set.
 */
public record Clients(
    RunbookdConfig config,
    KubernetesClient kubernetes,
    AwsClients aws,
    Datasources sql,
    SqlWriters sqlWriters,
    BlockingHttp http,
    BlockingPost post,
    HttpClient pagerHttp,
    Clock clock)
    implements AutoCloseable {

  /** Builds the clients for {@code config}; {@code kubernetes} comes from the caller. */
  public static Clients of(RunbookdConfig config, KubernetesClient kubernetes, Clock clock) {
    return new Clients(
        config,
        kubernetes,
        new AwsClients(config.aws()),
        new Datasources(config.datasources()),
        new SqlWriters(config.datasources()),
        new BlockingHttp(Duration.ofSeconds(3), clock),
        new BlockingPost(Duration.ofSeconds(3), clock),
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        clock);
  }

  @Override
  public void close() {
    sqlWriters.close();
    sql.close();
    aws.close();
    kubernetes.close();
  }
}

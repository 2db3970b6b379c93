package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.forecast.Sample;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.IntToDoubleFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What RB-202 reads besides PostgreSQL and Kubernetes, on one WireMock server on 127.0.0.1:
 * Prometheus' {@code GET /api/v1/query_range} answering each of the rule's queries with a daily
 * matrix in Prometheus' JSON, and Cost Explorer's {@code GetCostAndUsage} in AWS JSON 1.1, which
 * answers only a request with its target, content type and a SigV4 {@code Authorization} header.
 */
public final class CapacityStubs implements AutoCloseable {
  static final String SECRET = "test-secret";
  static final long DAY = 86_400;
  /** October 2025's blended cost, as Cost Explorer answers it. */
  static final String OCTOBER =
      "{\"GroupDefinitions\":[],\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2025-10-01\","
          + "\"End\":\"2025-11-01\"},\"Total\":{\"BlendedCost\":{\"Amount\":\"18234.5612345\","
          + "\"Unit\":\"USD\"}},\"Groups\":[],\"Estimated\":false}],\"DimensionValueAttributes\":[]}";

  private final WireMockServer server;
  private final long end;

  /** @param slot the run's start: the queries end at its day, as the probe aligns them */
  CapacityStubs(Instant slot) {
    this(new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()), slot);
    server.start();
  }

  /** As above, on {@code server} (started), which may serve other stubs too. */
  public CapacityStubs(WireMockServer server, Instant slot) {
    this.server = server;
    this.end = slot.getEpochSecond() / DAY * DAY;
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Clients for this stub, with static test credentials (never the machine's). */
  AwsClients aws() {
    return new AwsClients(new RunbookdConfig.Aws(Optional.of("us-west-2"), Optional.of(URI.create(url()))),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", SECRET)),
        AwsTimeouts.all(Duration.ofSeconds(5)));
  }

  /**
   * Every series of the rule over six months, one sample a day: request rate {@code 100 + d}
   * req/s on day {@code d} (with a small wobble), or only its last {@code requestDays} days.
   */
  public void sixMonths(int requestDays) {
    series("^max_over_time\\(sum\\(rate\\(http_requests_total.*", requests(requestDays));
    series(".*nba_mcp_active_users.*", daily(181, d -> 2000 + 12 * d + (d % 3) * 5));
    series(".*pg_database_size_bytes.*", daily(181, d -> 5e9 + 2e7 * d));
    series(".*container_cpu_usage_seconds_total.*", daily(181, d -> 0.4 + 0.001 * d + (d % 4) * 0.01));
    series(".*container_memory_working_set_bytes.*", daily(181, d -> 1.5e9 + 1e6 * d + (d % 5) * 1e7));
    series(".*kube_deployment_status_replicas_available.*", daily(181, d -> 35 + (d % 6)));
    costExplorer();
  }

  /** The request-rate samples the stub serves for {@code days} days. */
  List<Sample> requests(int days) {
    List<Sample> all = daily(181, d -> 100 + d + ((d * 7) % 5 - 2) * 0.5);
    return all.subList(all.size() - days, all.size());
  }

  private List<Sample> daily(int days, IntToDoubleFunction value) {
    List<Sample> out = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      out.add(new Sample(end - (days - 1 - d) * DAY, value.applyAsDouble(d)));
    }
    return out;
  }

  private void series(String query, List<Sample> samples) {
    StringJoiner values = new StringJoiner(",");
    samples.forEach(s -> values.add("[" + (long) s.time() + ",\"" + s.value() + "\"]"));
    server.stubFor(get(urlPathEqualTo("/api/v1/query_range")).withQueryParam("query", matching(query))
        .willReturn(aResponse().withHeader("Content-Type", "application/json")
            .withBody("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                + "\"values\":[" + values + "]}]}}")));
  }

  private void costExplorer() {
    server.stubFor(post(urlPathEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("AWSInsightsIndexService.GetCostAndUsage"))
        .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
        .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDTEST/\\d{8}/us-east-1/ce/aws4_request,"
            + " SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(OCTOBER)));
  }

  List<LoggedRequest> costRequests() {
    return server.findAll(postRequestedFor(urlPathEqualTo("/")));
  }

  /** The range queries received whose PromQL matches {@code query}. */
  List<LoggedRequest> rangeQueries(String query) {
    return server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/query_range"))
        .withQueryParam("query", matching(query)));
  }

  @Override
  public void close() {
    server.stop();
  }
}

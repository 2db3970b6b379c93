package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What RB-001 talks to besides MLflow and Kubernetes, on WireMock servers on 127.0.0.1 (Prometheus'
 * may serve other stubs too). The model service: {@code POST /admin/models/shadow} registers a
 * shadow model, {@code POST /admin/models/promote} promotes it, {@code GET /models/current} answers {@code
 * {"model": ..., "version": "2", "loaded_at": ...}}: the version it serves is the one MLflow's
 * production alias points at (it follows the registry) unless a test makes it {@link #stuckAt}
 * one. Prometheus: instant queries ({@code GET /api/v1/query}) answered in its vector format,
 * by the metric the query reads.
 */
public final class DeploymentStubs implements AutoCloseable {
  public static final String SHADOW = "/admin/models/shadow";
  public static final String PROMOTE = "/admin/models/promote";
  public static final String CURRENT = "/models/current";
  static final String AGREEMENT = "nba_mcp_shadow_agreements_total";
  static final String LATENCY = "nba_mcp_model_inference_duration_seconds_bucket";
  static final String REQUESTS = "http_requests_total";

  private final String model;
  private final Supplier<Optional<String>> registry;
  private volatile Optional<String> stuck = Optional.empty();
  private final WireMockServer service;
  private final WireMockServer prometheus;

  /** {@code registry}: the version MLflow's production alias points at now, if set. */
  DeploymentStubs(String model, Supplier<Optional<String>> registry) {
    this(model, registry, started(new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort())));
  }

  /** As above, answering Prometheus' queries on {@code prometheus}, which may serve others too. */
  public DeploymentStubs(String model, Supplier<Optional<String>> registry, WireMockServer prometheus) {
    this.model = model;
    this.registry = registry;
    service = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new Served()));
    service.start();
    service.stubFor(post(urlPathEqualTo(SHADOW)).willReturn(json(201, "{\"status\":\"shadowing\",\"sample_rate\":0.1}")));
    service.stubFor(post(urlPathEqualTo(PROMOTE)).willReturn(json(200, "{\"status\":\"promoted\"}")));
    service.stubFor(get(urlPathEqualTo(CURRENT)).willReturn(aResponse().withTransformers("served")));
    this.prometheus = prometheus;
  }

  private static WireMockServer started(WireMockServer server) {
    server.start();
    return server;
  }

  public String serviceUrl(String path) {
    return "http://127.0.0.1:" + service.port() + path;
  }

  String prometheusUrl() {
    return "http://127.0.0.1:" + prometheus.port();
  }

  /** From now on the service serves {@code version}, whatever the registry says. */
  void stuckAt(String version) {
    stuck = Optional.of(version);
  }

  /** Prometheus answers every query reading {@code metric} with one sample of {@code value}. */
  public void reads(String metric, double value) {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", containing(metric))
        .willReturn(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1760270400,\"" + value + "\"]}]}}")));
  }

  /** Healthy numbers: 98.7% agreement, 42 ms p99, 0.2% errors. */
  public void healthy() {
    reads(AGREEMENT, 0.987);
    reads(LATENCY, 0.042);
    reads(REQUESTS, 0.002);
  }

  /** The model service's server, e.g. to read every request it received. */
  public WireMockServer service() {
    return service;
  }

  /** The POSTs the service received on {@code path}, oldest first. */
  List<LoggedRequest> posts(String path) {
    return service.findAll(postRequestedFor(urlPathEqualTo(path)));
  }

  /** How many times the service was asked which version it serves. */
  int servedChecks() {
    return service.findAll(getRequestedFor(urlPathEqualTo(CURRENT))).size();
  }

  /** The PromQL of every query Prometheus received. */
  List<String> queries() {
    return prometheus.findAll(getRequestedFor(urlPathEqualTo("/api/v1/query"))).stream()
        .map(r -> r.queryParameter("query").firstValue()).toList();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Override
  public void close() {
    service.stop();
    prometheus.stop();
  }

  /** {@code GET /models/current}: the version served now. */
  private final class Served implements ResponseDefinitionTransformerV2 {
    @Override
    public String getName() {
      return "served";
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Optional<String> version = stuck.or(registry);
      if (version.isEmpty()) {
        return json(503, "{\"error\":\"no model loaded\"}").build();
      }
      return json(200, "{\"model\":\"" + model + "\",\"version\":\"" + version.get()
          + "\",\"loaded_at\":\"2025-10-12T12:00:00Z\"}").build();
    }
  }
}

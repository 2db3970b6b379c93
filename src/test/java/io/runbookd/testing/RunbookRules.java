package io.runbookd.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rule files for tests of runs and drills, with their example alert, written under a base
 * directory as a deployment lays them out ({@code rules/} and {@code examples/} side by side).
 * Their probes ask the Prometheus at {@code prometheus.url} (a WireMock in the tests).
 *
 * <ul>
 *   <li>{@code RB-900}: started by hand ({@code replicas} 1 to 20, {@code wait}, {@code note}), its
 *       drill with {@code replicas: 3}; scales {@code nba-mcp} to {@code params.replicas}
 *   <li>{@code RB-910}: started by a {@code HighErrorRate} alert in {@code nba-mcp}; reads the
 *       error rate of the alert's namespace, sets an environment variable when it is over 5 %
 *   <li>{@code RB-920}: started by hand, its probe asks a port where nothing listens
 *   <li>{@code RB-930}: started by the clock on the first Monday of each month, and by hand; it
 *       only reads
 * </ul>
 */
public final class RunbookRules {
  public static final String MANUAL = """
      id: RB-900
      title: Scale by hand
      runbook: Operational Runbooks, [RB-002] Scale Application
      manual:
        params:
          replicas: {type: int, min: 1, max: 20, description: pods after scaling}
          wait: {type: duration, default: 5m, min: 1m, max: 1h}
          note: {type: string, default: none, pattern: "[a-z ]{1,40}"}
      drill: {every: 30d, params: {replicas: 3}}
      diagnose:
        - id: up
          probe: prometheus.query
          params: {query: up}
      remediate:
        - id: scale
          action: k8s.scale
          params: {namespace: nba-mcp, deployment: nba-mcp, replicas: {expr: params.replicas}, min: 1, max: 20}
      """;

  public static final String ALERT = """
      id: RB-910
      title: Error rate
      priority: P2
      match:
        alertname: HighErrorRate
        matchers: ['namespace="nba-mcp"']
        when: alert.value > 0.05
      drill: {example: examples/errors.json}
      diagnose:
        - id: rate
          probe: prometheus.query
          params:
            query: 'sum(rate(http_requests_total{namespace=$ns,status=~"5.."}[5m]))'
            args: {expr: "{'ns': alert.labels.namespace}"}
      remediate:
        - id: pool
          action: k8s.set_env
          when: probes.rate.value > 0.05
          params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
      """;

  public static final String BROKEN = """
      id: RB-920
      title: Probe nobody answers
      manual: {}
      diagnose:
        - id: health
          probe: http.get
          params: {url: "http://127.0.0.1:1/health"}
      """;

  public static final String SCHEDULED = """
      id: RB-930
      title: Monthly review
      schedule: {cron: "0 9 * * MON#1", timezone: Europe/Paris, window: 4h}
      manual: {}
      diagnose:
        - id: up
          probe: prometheus.query
          params: {query: up}
      """;

  /** Prometheus' answer to every query: one series at 0.12. */
  public static final String VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
      + "\"result\":[{\"metric\":{},\"value\":[1760270400,\"0.12\"]}]}}";

  private RunbookRules() {}

  /** A Prometheus on loopback that answers every instant query with {@link #VECTOR}; started. */
  public static WireMockServer prometheus() {
    WireMockServer prometheus = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    prometheus.start();
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(VECTOR)));
    return prometheus;
  }

  /** Writes the rules (and the example payload) under {@code base}; returns the rules directory. */
  public static Path write(Path base, String... rules) throws IOException {
    Path dir = Files.createDirectories(base.resolve("rules"));
    for (String rule : rules) {
      String id = rule.substring(4, rule.indexOf('\n'));
      Files.writeString(dir.resolve(id + ".yaml"), rule);
    }
    Path examples = Files.createDirectories(base.resolve("examples"));
    Files.writeString(examples.resolve("errors.json"), Files.readString(Path.of("examples/high-error-rate.json")));
    return dir;
  }
}

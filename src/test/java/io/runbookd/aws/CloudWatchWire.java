package io.runbookd.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.config.RunbookdConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * CloudWatch as the SDK 2.57 sees it: Smithy RPC v2 CBOR over WireMock on 127.0.0.1. Requests are
 * {@code POST /service/GraniteServiceVersion20100801/operation/<Operation>} with a CBOR map body
 * and {@code smithy-protocol: rpc-v2-cbor}; answers are CBOR maps with timestamps as CBOR tag 1
 * (epoch seconds); errors carry {@code __type} (the error shape's id) and {@code message}, plus
 * {@code x-amzn-query-error: Code;Sender} because CloudWatch is AWS Query compatible.
 */
public final class CloudWatchWire implements AutoCloseable {
  public static final String PATH =
      "/service/GraniteServiceVersion20100801/operation/GetMetricStatistics";
  public static final String REGION = "us-west-2";

  private final WireMockServer server;

  private CloudWatchWire(WireMockServer server) {
    this.server = server;
  }

  public static CloudWatchWire start() {
    WireMockServer server =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    return new CloudWatchWire(server);
  }

  public WireMockServer server() {
    return server;
  }

  public RunbookdConfig.Aws config() {
    return new RunbookdConfig.Aws(
        Optional.of(REGION), Optional.of(URI.create("http://127.0.0.1:" + server.port())));
  }

  /** Clients for this stub, with static test credentials (never the machine's). */
  public AwsClients clients(AwsTimeouts timeouts) {
    return new AwsClients(
        config(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")),
        timeouts);
  }

  /** Answers GetMetricStatistics with these datapoints (CloudWatch's field names). */
  public void answer(String label, List<Map<String, Object>> datapoints) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Label", label);
    body.put("Datapoints", datapoints);
    stub(cbor(200).withBody(Cbor.encode(body)));
  }

  /** Answers with a modeled error in the RPC v2 CBOR error shape. */
  public void fail(int status, String shape, String queryCode, String message) {
    Map<String, Object> body =
        Map.of("__type", "com.amazonaws.cloudwatch#" + shape, "message", message);
    stub(
        cbor(status)
            .withHeader("x-amzn-query-error", queryCode + ";Sender")
            .withBody(Cbor.encode(body)));
  }

  /** Answers a bare status with an empty CBOR map, as a broken front end might. */
  public void status(int status) {
    stub(cbor(status).withBody(Cbor.encode(Map.of())));
  }

  public void hang(Duration delay) {
    stub(
        cbor(200)
            .withBody(Cbor.encode(Map.of("Datapoints", List.of())))
            .withFixedDelay((int) delay.toMillis()));
  }

  private void stub(ResponseDefinitionBuilder response) {
    server.resetAll();
    server.stubFor(
        post(urlPathEqualTo(PATH))
            .withHeader("smithy-protocol", equalTo("rpc-v2-cbor"))
            .withHeader("Content-Type", equalTo("application/cbor"))
            .willReturn(response));
  }

  private static ResponseDefinitionBuilder cbor(int status) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/cbor")
        .withHeader("smithy-protocol", "rpc-v2-cbor");
  }

  public List<LoggedRequest> requests() {
    return server.findAll(anyRequestedFor(anyUrl()));
  }

  /** The one request the stub received, its CBOR body decoded. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> onlyRequestBody() {
    List<LoggedRequest> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected one request, got " + all.size());
    }
    return (Map<String, Object>) Cbor.decode(all.get(0).getBody());
  }

  @Override
  public void close() {
    server.stop();
  }
}

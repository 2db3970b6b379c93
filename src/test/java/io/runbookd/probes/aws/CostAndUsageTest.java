package io.runbookd.probes.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsRefusedException;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.SigV4Check;
import io.runbookd.config.RunbookdConfig;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code aws.cost_and_usage} against Cost Explorer's JSON 1.1 wire format on 127.0.0.1: the target
 * header, the body, a SigV4 signature recomputed independently for service {@code ce}, and the
 * answer's {@code ResultsByTime}.
 */
class CostAndUsageTest {
  private static final Instant NOW = Instant.parse("2025-10-12T12:00:00Z");
  private static final String SECRET = "test-secret-key";
  private static final String LAST_MONTH =
      "{\"GroupDefinitions\":[],\"ResultsByTime\":[{\"TimePeriod\":{\"Start\":\"2025-09-01\","
          + "\"End\":\"2025-10-01\"},\"Total\":{\"BlendedCost\":{\"Amount\":\"18234.5612345\","
          + "\"Unit\":\"USD\"}},\"Groups\":[],\"Estimated\":false}],\"DimensionValueAttributes\":[]}";

  private WireMockServer server;
  private AwsClients clients;
  private CostAndUsage probe;

  @BeforeEach
  void start() {
    server =
        new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    clients =
        new AwsClients(
            new RunbookdConfig.Aws(
                Optional.of("eu-west-1"),
                Optional.of(URI.create("http://127.0.0.1:" + server.port()))),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", SECRET)),
            // socket silence past the whole-call bound, so a hung answer meets the call's deadline
            new AwsTimeouts(
                Duration.ofSeconds(3),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                4));
    probe = new CostAndUsage(clients, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    clients.close();
    server.stop();
  }

  private void answer(int status, String body, String errorType) {
    var response =
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(body);
    if (errorType != null) {
      response = response.withHeader("x-amzn-ErrorType", errorType);
    }
    server.stubFor(post(urlEqualTo("/")).willReturn(response));
  }

  private Finding run(Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  private LoggedRequest request() {
    return server.findAll(anyRequestedFor(anyUrl())).get(0);
  }

  @Test
  void sendsGetCostAndUsageInTheJsonProtocolSignedForCostExplorer() throws Exception {
    answer(200, LAST_MONTH, null);

    run(Map.of());

    LoggedRequest request = request();
    assertThat(request.getMethod().getName()).isEqualTo("POST");
    assertThat(request.getUrl()).isEqualTo("/");
    assertThat(request.getHeader("X-Amz-Target"))
        .isEqualTo("AWSInsightsIndexService.GetCostAndUsage");
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(request.getBodyAsString())
        .isEqualTo(
            "{\"TimePeriod\":{\"Start\":\"2025-09-01\",\"End\":\"2025-10-01\"},"
                + "\"Granularity\":\"MONTHLY\",\"Metrics\":[\"BlendedCost\"]}");
    Matcher auth = SigV4Check.HEADER.matcher(request.getHeader("Authorization"));
    assertThat(auth.matches()).as(request.getHeader("Authorization")).isTrue();
    assertThat(auth.group("key")).isEqualTo("AKIDTEST");
    assertThat(auth.group("date")).isEqualTo(request.getHeader("X-Amz-Date").substring(0, 8));
    assertThat(auth.group("region")).as("Cost Explorer signs in us-east-1").isEqualTo("us-east-1");
    assertThat(auth.group("service")).isEqualTo("ce");
    assertThat(auth.group("signed").split(";"))
        .contains("host", "x-amz-date", "x-amz-target", "content-type");
    assertThat(SigV4Check.valid(request, SECRET, "us-east-1", "ce")).isTrue();
    assertThat(SigV4Check.valid(request, "another-secret", "us-east-1", "ce")).isFalse();
    assertThat(request.getHeader("Authorization")).doesNotContain(SECRET);
  }

  @Test
  void readsLastMonthsBlendedCost() throws Exception {
    answer(200, LAST_MONTH, null);

    Finding finding = run(Map.of());

    assertThat(finding.data())
        .containsEntry("metric", "BlendedCost")
        .containsEntry("unit", "USD")
        .containsEntry("total", 18234.5612345)
        .containsEntry("last_month", 18234.5612345)
        .containsEntry("estimated", false);
    assertThat((List<?>) finding.data().get("months"))
        .singleElement()
        .isEqualTo(
            Map.of(
                "start",
                "2025-09-01",
                "end",
                "2025-10-01",
                "amount",
                18234.5612345,
                "unit",
                "USD",
                "estimated",
                false));
    assertThat(finding.summary()).isEqualTo("aws cost: BlendedCost 2025-09: 18234.56 USD");
  }

  @Test
  void readsSeveralMonths() throws Exception {
    answer(
        200,
        "{\"ResultsByTime\":["
            + month("2025-07-01", "2025-08-01", "100.10", false)
            + ","
            + month("2025-08-01", "2025-09-01", "200.20", false)
            + ","
            + month("2025-09-01", "2025-10-01", "300.30", true)
            + "]}",
        null);

    Finding finding = run(Map.of("months", 3, "metric", "UnblendedCost"));

    assertThat(request().getBodyAsString())
        .contains(
            "\"Start\":\"2025-07-01\"",
            "\"End\":\"2025-10-01\"",
            "\"Metrics\":[\"UnblendedCost\"]");
    assertThat(finding.data())
        .containsEntry("total", 600.6)
        .containsEntry("last_month", 300.3)
        .containsEntry("estimated", true);
    assertThat(finding.summary())
        .isEqualTo(
            "aws cost: UnblendedCost 3 months from 2025-07-01: 600.60 USD, last (2025-09-01) 300.30"
                + " USD (estimated)");
  }

  private static String month(String start, String end, String amount, boolean estimated) {
    return "{\"TimePeriod\":{\"Start\":\""
        + start
        + "\",\"End\":\""
        + end
        + "\"},\"Total\":{\"UnblendedCost\":"
        + "{\"Amount\":\""
        + amount
        + "\",\"Unit\":\"USD\"}},\"Groups\":[],\"Estimated\":"
        + estimated
        + "}";
  }

  @Test
  void refusalsAndFailuresAreSorted() {
    answer(
        400,
        "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User:"
            + " arn:aws:iam::1:user/x is not authorized to perform: ce:GetCostAndUsage\"}",
        null);
    assertThatThrownBy(() -> run(Map.of()))
        .isInstanceOfSatisfying(
            AwsRefusedException.class,
            e -> assertThat(e.errorCode()).isEqualTo("AccessDeniedException"))
        .hasMessageContaining("not authorized to perform: ce:GetCostAndUsage");

    answer(
        400,
        "{\"__type\":\"ValidationException\",\"message\":\"Start date is after end date\"}",
        "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/");
    assertThatThrownBy(() -> run(Map.of()))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessage(
            "Cost Explorer GetCostAndUsage refused (400 ValidationException): Start date is after"
                + " end date");

    answer(
        400,
        "{\"__type\":\"LimitExceededException\",\"message\":\"Rate exceeded\"}",
        "LimitExceededException");
    assertThatThrownBy(() -> run(Map.of())).isInstanceOf(IOException.class);

    answer(503, "", null);
    assertThatThrownBy(() -> run(Map.of())).isInstanceOf(IOException.class);
  }

  @Test
  void aHungServiceIsCutOffAtTheCallTimeout() throws Exception {
    answer(200, LAST_MONTH, null);
    run(Map.of()); // a first call loads the signer and the client: not what is timed here
    server.stubFor(
        post(urlEqualTo("/"))
            .willReturn(aResponse().withStatus(200).withBody(LAST_MONTH).withFixedDelay(20_000)));
    long started = System.nanoTime();

    assertThatThrownBy(() -> run(Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete answer within 5000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  static List<Map<String, Object>> crafted() {
    return List.of(
        Map.of("months", 0),
        Map.of("months", 13),
        Map.of("months", 1.5),
        Map.of("metric", "Blended Cost"),
        Map.of("metric", "BlendedCost\"],\"Filter\":{"));
  }

  @ParameterizedTest
  @MethodSource("crafted")
  void refusesCraftedParamsWithoutCallingAws(Map<String, Object> raw) {
    assertThatThrownBy(() -> probe.bind(ParamBinder.bind(probe.info().params(), raw)))
        .isInstanceOfSatisfying(
            ParamException.class,
            e -> assertThat(e.param()).isEqualTo(raw.keySet().iterator().next()));
    assertThat(server.getAllServeEvents()).isEmpty();
  }
}

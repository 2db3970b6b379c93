package io.runbookd.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsRefusedException;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.probes.aws.SecretsAge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * aws.secrets_age and aws.rotate_secret against WireMock speaking Secrets Manager's AWS JSON 1.1:
 * {@code POST /} with {@code X-Amz-Target: secretsmanager.<Operation>}, timestamps as epoch
 * seconds, errors as {@code {"__type": ..., "message": ...}}.
 */
class SecretsManagerTest {
  private static final Instant NOW = Instant.parse("2025-10-12T02:00:00Z");
  private static final String ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:";

  private CloudWatchWire wire;
  private AwsClients clients;
  private SecretsAge probe;
  private RotateSecret rotate;

  @BeforeEach
  void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    probe = new SecretsAge(clients, clock);
    rotate = new RotateSecret(clients, clock);
  }

  @AfterEach
  void stop() {
    clients.close();
    wire.close();
  }

  private static long daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days)).getEpochSecond();
  }

  private static MappingBuilder call(String operation) {
    return post(urlPathEqualTo("/"))
        .withHeader("X-Amz-Target", equalTo("secretsmanager." + operation))
        .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"));
  }

  private void answer(MappingBuilder request, int status, String json) {
    wire.server()
        .stubFor(
            request.willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(json)));
  }

  private static String entry(String name, Long rotated, long changed, long created, boolean rot) {
    return "{\"ARN\":\""
        + ARN
        + name
        + "-AbCdEf\",\"Name\":\""
        + name
        + "\","
        + (rotated == null ? "" : "\"LastRotatedDate\":" + rotated + ",")
        + "\"LastChangedDate\":"
        + changed
        + ",\"CreatedDate\":"
        + created
        + ","
        + "\"RotationEnabled\":"
        + rot
        + "}";
  }

  private List<LoggedRequest> requests() {
    return wire.server().findAll(anyRequestedFor(anyUrl()));
  }

  @Test
  void listsTheSecretsOlderThanNinetyDaysAcrossPagesFromMetadataOnly() throws Exception {
    answer(
        call("ListSecrets").withRequestBody(equalToJson("{\"MaxResults\":100}", true, true)),
        200,
        "{\"SecretList\":["
            + entry("nba-mcp/db-password", daysAgo(120), daysAgo(120), daysAgo(400), true)
            + ","
            + entry("nba-mcp/api-key", null, daysAgo(10), daysAgo(200), false)
            + "],\"NextToken\":\"t2\"}");
    answer(
        call("ListSecrets").withRequestBody(equalToJson("{\"NextToken\":\"t2\"}", true, true)),
        200,
        "{\"SecretList\":["
            + entry("nba-mcp/slack-url", null, daysAgo(95), daysAgo(300), false)
            + "]}");

    Finding f = probe.run(probe.bind(ParamBinder.bind(probe.info().params(), Map.of())));

    assertThat(f.data())
        .containsEntry("count", 2L)
        .containsEntry("checked", 3L)
        .containsEntry("rotatable", List.of("nba-mcp/db-password"))
        .containsEntry("not_rotatable", List.of("nba-mcp/slack-url"))
        .containsEntry("truncated", false);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> secrets = (List<Map<String, Object>>) f.data().get("secrets");
    assertThat(secrets.get(0))
        .containsEntry("name", "nba-mcp/db-password")
        .containsEntry("age_days", 120L)
        .containsEntry("rotation_enabled", true)
        .containsEntry("arn", ARN + "nba-mcp/db-password-AbCdEf")
        .containsEntry("last_rotated", "2025-06-14T02:00:00Z");
    assertThat(f.summary())
        .isEqualTo(
            "2 of 3 secrets unchanged for more than 90 days:"
                + " nba-mcp/db-password (120d, rotation on), nba-mcp/slack-url (95d, no rotation)");
    assertThat(requests())
        .hasSize(2)
        .allSatisfy(
            r -> assertThat(r.getHeader("X-Amz-Target")).isEqualTo("secretsmanager.ListSecrets"));
  }

  @Test
  void aNamePrefixBecomesAListSecretsFilter() throws Exception {
    answer(call("ListSecrets"), 200, "{\"SecretList\":[]}");

    Finding f =
        probe.run(
            probe.bind(
                ParamBinder.bind(
                    probe.info().params(), Map.of("name_prefix", "nba-mcp/", "max_age_days", 30))));

    assertThat(f.data()).containsEntry("count", 0L);
    assertThat(requests().get(0).getBodyAsString())
        .contains("\"Filters\":[{\"Key\":\"name\",\"Values\":[\"nba-mcp/\"]}]");
  }

  private void describes(boolean rotation, Long rotated, String stages) {
    answer(
        call("DescribeSecret"),
        200,
        "{\"ARN\":\""
            + ARN
            + "nba-mcp/db-password-AbCdEf\","
            + "\"Name\":\"nba-mcp/db-password\",\"RotationEnabled\":"
            + rotation
            + ","
            + (rotation
                ? "\"RotationLambdaARN\":\"arn:aws:lambda:us-west-2:123456789012:function:rot\","
                : "")
            + (rotated == null ? "" : "\"LastRotatedDate\":" + rotated + ",")
            + "\"VersionIdsToStages\":"
            + stages
            + "}");
  }

  private RotateSecretParams params() throws Exception {
    return rotate.bind(
        ParamBinder.bind(rotate.info().params(), Map.of("secret", "nba-mcp/db-password")));
  }

  @Test
  void rotatesASecretWhoseRotationIsConfigured() throws Exception {
    describes(true, daysAgo(120), "{\"v1\":[\"AWSCURRENT\"]}");
    answer(
        call("RotateSecret"),
        200,
        "{\"ARN\":\""
            + ARN
            + "nba-mcp/db-password-AbCdEf\","
            + "\"Name\":\"nba-mcp/db-password\",\"VersionId\":\"v2\"}");

    Outcome outcome = rotate.execute(params());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.detail())
        .isEqualTo("started the rotation of secret nba-mcp/db-password (new version v2)");
    String body = requests().get(1).getBodyAsString();
    assertThat(body)
        .contains("\"SecretId\":\"nba-mcp/db-password\"")
        .doesNotContain("RotationLambdaARN");
    assertThat(requests())
        .extracting(r -> r.getHeader("X-Amz-Target"))
        .containsExactly("secretsmanager.DescribeSecret", "secretsmanager.RotateSecret");
    assertThat(rotate.recheck(params(), NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
  }

  @Test
  void refusesASecretWithoutRotationAndNeverWritesIt() throws Exception {
    describes(false, null, "{\"v1\":[\"AWSCURRENT\"]}");

    Outcome outcome = rotate.execute(params());

    assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(outcome.detail()).contains("has no rotation configured");
    assertThat(requests()).hasSize(1);
  }

  @Test
  void recentlyRotatedIsNotNeededAndARotationUnderWayIsRetriedLater() throws Exception {
    describes(true, NOW.minus(Duration.ofHours(2)).getEpochSecond(), "{\"v1\":[\"AWSCURRENT\"]}");
    Outcome recent = rotate.execute(params());
    assertThat(recent.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(rotate.recheck(params(), NOW.minus(Duration.ofHours(3))).status())
        .isEqualTo(Outcome.Status.DONE);

    wire.server().resetAll();
    describes(true, daysAgo(120), "{\"v1\":[\"AWSCURRENT\"],\"v2\":[\"AWSPENDING\"]}");
    assertThat(rotate.execute(params()).status()).isEqualTo(Outcome.Status.RETRY_LATER);
    assertThat(rotate.recheck(params(), NOW).status()).isEqualTo(Outcome.Status.UNKNOWN);
    assertThat(requests())
        .noneMatch(r -> "secretsmanager.RotateSecret".equals(r.getHeader("X-Amz-Target")));
  }

  @Test
  void anUnknownSecretIsARefusal() {
    answer(
        call("DescribeSecret"),
        400,
        "{\"__type\":\"ResourceNotFoundException\","
            + "\"message\":\"Secrets Manager can't find the specified secret.\"}");

    assertThatThrownBy(() -> rotate.execute(params()))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessage(
            "Secrets Manager DescribeSecret refused (400 ResourceNotFoundException):"
                + " Secrets Manager can't find the specified secret.");
  }

  @Test
  void refusesCraftedNamesAndNeedsApproval() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("secret", "nba-mcp/db\",\"RotationLambdaARN\":\"x");
    assertThat(ParamBinder.problems(rotate.info().params(), raw))
        .singleElement()
        .asString()
        .startsWith("secret: ");
    raw.put("secret", ARN + "nba-mcp/db-password-AbCdEf");
    assertThat(ParamBinder.problems(rotate.info().params(), raw)).isEmpty();
    assertThat(ParamBinder.problems(probe.info().params(), Map.of("name_prefix", "a b")))
        .hasSize(1);
    assertThat(ParamBinder.problems(probe.info().params(), Map.of("max_age_days", 0))).hasSize(1);
    assertThat(rotate.reversibility()).isEqualTo(Reversibility.PERMANENT);
    assertThat(rotate.retrySafe()).isFalse();
  }
}

package io.runbookd.actions.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.actions.Outcome;
import io.runbookd.actions.Reversibility;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsRefusedException;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.aws.S3Selection;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.probes.aws.S3Objects;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** aws.s3_objects and aws.s3_delete_old against WireMock speaking S3's REST-XML protocol. */
class S3DeleteOldTest {
  private static final Instant NOW = Instant.parse("2025-10-12T02:00:00Z");
  private static final S3Wire.Obj OLD_1 =
      new S3Wire.Obj("app/2025-09-01.log", Instant.parse("2025-09-01T03:00:00Z"), 2048);
  private static final S3Wire.Obj OLD_2 =
      new S3Wire.Obj("app/2025-09-02.log", Instant.parse("2025-09-02T03:00:00Z"), 1024);
  private static final S3Wire.Obj NEW =
      new S3Wire.Obj("app/2025-10-11.log", Instant.parse("2025-10-11T03:00:00Z"), 512);

  private CloudWatchWire wire;
  private AwsClients clients;
  private S3DeleteOld delete;
  private S3Objects probe;

  @BeforeEach
  void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    delete = new S3DeleteOld(clients, clock);
    probe = new S3Objects(clients, clock);
  }

  @AfterEach
  void stop() {
    clients.close();
    wire.close();
  }

  private static Map<String, Object> raw(Object... more) {
    Map<String, Object> raw =
        new HashMap<>(Map.of("bucket", S3Wire.BUCKET, "prefix", "app/", "older_than", "30d"));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return raw;
  }

  private S3Selection params(Object... more) throws Exception {
    return delete.bind(ParamBinder.bind(delete.info().params(), raw(more)));
  }

  private List<LoggedRequest> deletes() {
    return wire.server().findAll(postRequestedFor(urlPathEqualTo("/" + S3Wire.BUCKET)));
  }

  /** Lists OLD_1, OLD_2 and NEW until a DeleteObjects arrives, then only NEW. */
  private void bucketThatForgets() {
    String scenario = "bucket";
    wire.server()
        .stubFor(
            S3Wire.list()
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(
                    S3Wire.xml(200, S3Wire.listing("app/", List.of(OLD_1, OLD_2, NEW), null))));
    wire.server()
        .stubFor(
            S3Wire.delete()
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("deleted")
                .willReturn(S3Wire.xml(200, S3Wire.deleteResult(""))));
    wire.server()
        .stubFor(
            S3Wire.list()
                .inScenario(scenario)
                .whenScenarioStateIs("deleted")
                .willReturn(S3Wire.xml(200, S3Wire.listing("app/", List.of(NEW), null))));
  }

  @Test
  void theProbeListsWhatWouldBeDeletedWithoutDeleting() throws Exception {
    bucketThatForgets();

    Finding f = probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw())));

    assertThat(f.data())
        .containsEntry("count", 2L)
        .containsEntry("bytes", 3072L)
        .containsEntry("more", false)
        .containsEntry("scanned", 3L);
    assertThat(f.summary())
        .isEqualTo(
            "s3://nba-mcp-logs/app/: 2 objects older than 30d (3 KiB):"
                + " app/2025-09-01.log, app/2025-09-02.log");
    assertThat(deletes()).isEmpty();
    wire.server()
        .verify(
            getRequestedFor(urlPathEqualTo("/" + S3Wire.BUCKET))
                .withQueryParam("prefix", equalTo("app/"))
                .withQueryParam("list-type", equalTo("2")));
  }

  @Test
  void deletesTheOldObjectsInOneBatchThenIsNotNeeded() throws Exception {
    bucketThatForgets();
    S3Selection p = params();

    assertThat(delete.recheck(p, NOW).status()).isEqualTo(Outcome.Status.NOT_APPLIED);
    Outcome outcome = delete.execute(p);

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(outcome.data())
        .containsEntry("deleted", 2L)
        .containsEntry("errors", 0L)
        .containsEntry("keys", List.of("app/2025-09-01.log", "app/2025-09-02.log"));
    assertThat(outcome.detail())
        .startsWith(
            "deleted 2 objects under s3://nba-mcp-logs/app/ older"
                + " than 30d: app/2025-09-01.log");
    String body = deletes().get(0).getBodyAsString();
    assertThat(body)
        .contains("<Key>app/2025-09-01.log</Key>")
        .contains("<Key>app/2025-09-02.log</Key>")
        .contains("<Quiet>true</Quiet>")
        .doesNotContain("2025-10-11");
    assertThat(delete.recheck(p, NOW).status()).isEqualTo(Outcome.Status.DONE);
    assertThat(delete.execute(p).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    assertThat(deletes()).hasSize(1);
  }

  @Test
  void neverSendsAKeyOutsideThePrefixWhateverTheListingSays() throws Exception {
    S3Wire.Obj outside = new S3Wire.Obj("billing/2025-01.csv", OLD_1.modified(), 10);
    S3Wire.answerList(
        wire.server(), S3Wire.list(), S3Wire.listing("app/", List.of(OLD_1, outside), null));
    wire.server().stubFor(S3Wire.delete().willReturn(S3Wire.xml(200, S3Wire.deleteResult(""))));

    Outcome outcome = delete.execute(params());

    assertThat(outcome.data()).containsEntry("deleted", 1L);
    assertThat(deletes())
        .singleElement()
        .satisfies(r -> assertThat(r.getBodyAsString()).doesNotContain("billing"));
  }

  @Test
  void pagesTheListingAndDeletesAtMostAThousandKeysARequestAndTheCap() throws Exception {
    List<S3Wire.Obj> first = objects(0, 1000);
    List<S3Wire.Obj> second = objects(1000, 1500);
    wire.server()
        .stubFor(
            S3Wire.list()
                .withQueryParam("continuation-token", equalTo("page-2"))
                .willReturn(S3Wire.xml(200, S3Wire.listing("app/", second, null))));
    wire.server()
        .stubFor(
            S3Wire.list()
                .atPriority(10)
                .willReturn(S3Wire.xml(200, S3Wire.listing("app/", first, "page-2"))));
    wire.server()
        .stubFor(
            S3Wire.delete().atPriority(10).willReturn(S3Wire.xml(200, S3Wire.deleteResult(""))));
    wire.server()
        .stubFor(
            S3Wire.delete()
                .withRequestBody(containing("app/old-01001.log"))
                .willReturn(
                    S3Wire.xml(
                        200,
                        S3Wire.deleteResult(
                            "<Error><Key>app/old-01001.log</Key><Code>AccessDenied</Code>"
                                + "<Message>Access Denied</Message></Error>"))));

    Outcome outcome = delete.execute(params("max_objects", 1200));

    assertThat(deletes()).hasSize(2);
    assertThat(count(deletes().get(0).getBodyAsString())).isEqualTo(1000);
    assertThat(count(deletes().get(1).getBodyAsString())).isEqualTo(200);
    assertThat(outcome.data())
        .containsEntry("deleted", 1199L)
        .containsEntry("errors", 1L)
        .containsEntry("more_remain", true);
    assertThat(outcome.detail())
        .contains("1 not deleted (AccessDenied on app/old-01001.log)")
        .contains("more remain beyond the cap of 1200");
  }

  private static List<S3Wire.Obj> objects(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> new S3Wire.Obj(String.format("app/old-%05d.log", i), OLD_1.modified(), 1))
        .toList();
  }

  private static int count(String body) {
    return body.split("<Key>", -1).length - 1;
  }

  @Test
  void anUnknownBucketIsARefusal() {
    wire.server()
        .stubFor(
            S3Wire.list()
                .willReturn(
                    S3Wire.xml(
                        404,
                        "<?xml version=\"1.0\""
                            + " encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code><Message>The"
                            + " specified bucket does not exist</Message>"
                            + "<BucketName>nba-mcp-logs</BucketName><RequestId>r1</RequestId></Error>")));

    assertThatThrownBy(() -> delete.execute(params()))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessage(
            "S3 ListObjectsV2 refused (404 NoSuchBucket): The specified bucket does not"
                + " exist");
  }

  @Test
  void refusesCraftedParametersAndNeedsApproval() throws Exception {
    List<String> bad = new ArrayList<>();
    bad.addAll(problems("bucket", "nba-mcp-logs/../other"));
    bad.addAll(problems("bucket", "NBA"));
    bad.addAll(problems("bucket", "192.168.1.1"));
    bad.addAll(problems("prefix", "/app"));
    bad.addAll(problems("prefix", "app/../billing/"));
    bad.addAll(problems("prefix", "app/\nX-Amz-Foo: bar"));
    bad.addAll(problems("prefix", "app?delete"));
    bad.addAll(problems("older_than", "1h"));
    bad.addAll(problems("max_objects", 10001));

    assertThat(bad).hasSize(9);
    assertThat(problems("prefix", "")).isEmpty();
    assertThat(delete.reversibility()).isEqualTo(Reversibility.PERMANENT);
    assertThat(delete.retrySafe()).isTrue();
    assertThat(delete.target(params()).key()).isEqualTo("aws:s3:s3://nba-mcp-logs/app/");
    assertThat(delete.describe(params()))
        .isEqualTo("delete up to 1000 objects under s3://nba-mcp-logs/app/ older than 30d");
  }

  private List<String> problems(String key, Object value) {
    return ParamBinder.problems(delete.info().params(), raw(key, value));
  }
}

package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What RB-201 talks to besides PostgreSQL and Kubernetes, on one WireMock server in each vendor's
 * wire format: S3 (REST-XML, path style: ListObjectsV2 {@code GET /nba-mcp-logs?list-type=2},
 * DeleteObjects {@code POST /nba-mcp-logs?delete}), Secrets Manager (AWS JSON 1.1, {@code
 * X-Amz-Target}), RDS (AWS Query: a form POST answered in XML) and the CI webhook. Ages are
 * relative to {@code now}, the run's clock.
 */
public final class MaintenanceStubs {
  static final String BUCKET = "/nba-mcp-logs";
  public static final String CI_PATH = "/hooks/weekly-maintenance";
  private static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final String RDS_NS = "http://rds.amazonaws.com/doc/2014-10-31/";
  private static final String ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:";

  private final WireMockServer server;
  private final Instant now;

  public MaintenanceStubs(WireMockServer server, Instant now) {
    this.server = server;
    this.now = now;
  }

  /** The bucket holds these keys, each {@code age} old; after a DeleteObjects only the young ones. */
  public void logs(List<String> keys, List<Duration> ages) {
    StringBuilder all = new StringBuilder();
    StringBuilder young = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      String object = "<Contents><Key>" + keys.get(i) + "</Key><LastModified>" + now.minus(ages.get(i))
          + "</LastModified><ETag>&quot;e" + i + "&quot;</ETag><Size>2048</Size>"
          + "<StorageClass>STANDARD</StorageClass></Contents>";
      all.append(object);
      if (ages.get(i).compareTo(Duration.ofDays(30)) < 0) {
        young.append(object);
      }
    }
    MappingBuilder list = get(urlPathEqualTo(BUCKET)).withQueryParam("list-type", equalTo("2"));
    server.stubFor(list.inScenario("bucket").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(xml(listing(all.toString()))));
    server.stubFor(post(urlPathEqualTo(BUCKET)).withQueryParam("delete", equalTo("")).inScenario("bucket")
        .willSetStateTo("deleted")
        .willReturn(xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DeleteResult xmlns=\"" + S3_NS
            + "\"></DeleteResult>")));
    server.stubFor(get(urlPathEqualTo(BUCKET)).withQueryParam("list-type", equalTo("2")).inScenario("bucket")
        .whenScenarioStateIs("deleted").willReturn(xml(listing(young.toString()))));
  }

  /** ListSecrets: db-password (120 days, rotation on), slack-url (95 days, none), api-key (10 days). */
  public void secrets() {
    secretsManager("ListSecrets", "{\"SecretList\":[" + secret("nba-mcp/db-password", 120, true) + ","
        + secret("nba-mcp/slack-url", 95, false) + "," + secret("nba-mcp/api-key", 10, false) + "]}");
    secretsManager("DescribeSecret", "{\"ARN\":\"" + ARN + "nba-mcp/db-password-AbCdEf\",\"Name\":"
        + "\"nba-mcp/db-password\",\"RotationEnabled\":true,\"RotationLambdaARN\":"
        + "\"arn:aws:lambda:us-west-2:123456789012:function:rotate\",\"LastRotatedDate\":"
        + daysAgo(120) + ",\"VersionIdsToStages\":{\"v1\":[\"AWSCURRENT\"]}}");
    secretsManager("RotateSecret", "{\"ARN\":\"" + ARN + "nba-mcp/db-password-AbCdEf\",\"Name\":"
        + "\"nba-mcp/db-password\",\"VersionId\":\"v2\"}");
  }

  /** ListSecrets: none of the service's secrets is older than 90 days. */
  void noOldSecrets() {
    secretsManager("ListSecrets", "{\"SecretList\":[" + secret("nba-mcp/api-key", 10, true) + "]}");
  }

  /** DescribeDBSnapshots: no automated snapshot of nba-mcp-prod at all. */
  void noSnapshots() {
    snapshots("");
  }

  /** DescribeDBSnapshots: one available automated snapshot of nba-mcp-prod, taken {@code ago}. */
  public void newestSnapshot(Duration ago) {
    Instant at = now.minus(ago);
    snapshots("<DBSnapshot><DBSnapshotIdentifier>rds:nba-mcp-prod-" + at.toString().substring(0, 10)
        + "</DBSnapshotIdentifier><DBInstanceIdentifier>nba-mcp-prod</DBInstanceIdentifier><SnapshotCreateTime>"
        + at + "</SnapshotCreateTime><Status>available</Status><SnapshotType>automated</SnapshotType>"
        + "<Engine>postgres</Engine></DBSnapshot>");
  }

  private void snapshots(String snapshot) {
    server.stubFor(post(urlPathEqualTo("/")).withRequestBody(containing("Action=DescribeDBSnapshots"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
            "<DescribeDBSnapshotsResponse xmlns=\"" + RDS_NS + "\"><DescribeDBSnapshotsResult><DBSnapshots>"
                + snapshot + "</DBSnapshots></DescribeDBSnapshotsResult><ResponseMetadata><RequestId>r1"
                + "</RequestId></ResponseMetadata></DescribeDBSnapshotsResponse>")));
  }

  /** The CI webhook accepts the pipeline. */
  public void ci() {
    server.stubFor(post(urlPathEqualTo(CI_PATH)).willReturn(aResponse().withStatus(202)
        .withHeader("Content-Type", "application/json").withBody("{\"pipeline\":\"4711\"}")));
  }

  List<LoggedRequest> posts(String path) {
    return server.findAll(postRequestedFor(urlPathEqualTo(path)));
  }

  /** The Secrets Manager and RDS operations received, by their target or action. */
  List<String> operations() {
    return server.findAll(postRequestedFor(urlPathEqualTo("/"))).stream()
        .map(r -> r.getHeader("X-Amz-Target") != null ? r.getHeader("X-Amz-Target")
            : r.getBodyAsString().replaceAll("^Action=([A-Za-z]+).*$", "$1"))
        .toList();
  }

  private void secretsManager(String operation, String json) {
    server.stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager." + operation))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(json)));
  }

  private String secret(String name, int days, boolean rotation) {
    return "{\"ARN\":\"" + ARN + name + "-AbCdEf\",\"Name\":\"" + name + "\",\"LastChangedDate\":"
        + daysAgo(days) + ",\"CreatedDate\":" + daysAgo(400) + ",\"RotationEnabled\":" + rotation + "}";
  }

  private long daysAgo(int days) {
    return now.minus(Duration.ofDays(days)).getEpochSecond();
  }

  private static String listing(String contents) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"" + S3_NS
        + "\"><Name>nba-mcp-logs</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false"
        + "</IsTruncated>" + contents + "</ListBucketResult>";
  }

  private static ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(body);
  }
}

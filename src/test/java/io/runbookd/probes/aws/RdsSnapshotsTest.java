package io.runbookd.probes.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsRefusedException;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** aws.rds_snapshots against WireMock speaking RDS's AWS Query protocol (form POST, XML answer). */
class RdsSnapshotsTest {
  private static final String NS = "http://rds.amazonaws.com/doc/2014-10-31/";
  private static final Instant NOW = Instant.parse("2025-10-12T03:00:00Z");

  private CloudWatchWire wire;
  private AwsClients clients;
  private RdsSnapshots probe;

  @BeforeEach
  void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    probe = new RdsSnapshots(clients, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    clients.close();
    wire.close();
  }

  private static String snapshot(Duration ago, String status) {
    Instant at = NOW.minus(ago);
    String id = "rds:nba-mcp-prod-" + at.toString().substring(0, 16).replace(':', '-');
    return "<DBSnapshot><DBSnapshotIdentifier>"
        + id
        + "</DBSnapshotIdentifier>"
        + "<DBInstanceIdentifier>nba-mcp-prod</DBInstanceIdentifier>"
        + "<SnapshotCreateTime>"
        + at
        + "</SnapshotCreateTime><Status>"
        + status
        + "</Status>"
        + "<SnapshotType>automated</SnapshotType><Engine>postgres</Engine></DBSnapshot>";
  }

  private void answer(MappingBuilder request, List<String> snapshots, String marker) {
    wire.server()
        .stubFor(
            request.willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        "<DescribeDBSnapshotsResponse xmlns=\""
                            + NS
                            + "\"><DescribeDBSnapshotsResult>"
                            + (marker == null ? "" : "<Marker>" + marker + "</Marker>")
                            + "<DBSnapshots>"
                            + String.join("", snapshots)
                            + "</DBSnapshots>"
                            + "</DescribeDBSnapshotsResult><ResponseMetadata><RequestId>r1</RequestId>"
                            + "</ResponseMetadata></DescribeDBSnapshotsResponse>")));
  }

  private static MappingBuilder describe() {
    return post(urlPathEqualTo("/")).withRequestBody(containing("Action=DescribeDBSnapshots"));
  }

  private Finding run(Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  @Test
  void reportsTheNewestAvailableSnapshotsAgeAcrossPages() throws Exception {
    answer(
        describe().atPriority(10),
        List.of(
            snapshot(Duration.ofDays(8), "available"), snapshot(Duration.ofDays(2), "available")),
        "m2");
    answer(
        describe().withRequestBody(containing("Marker=m2")),
        List.of(
            snapshot(Duration.ofHours(25), "available"),
            snapshot(Duration.ofMinutes(30), "creating")),
        null);

    Finding f = run(Map.of("instance", "nba-mcp-prod"));

    assertThat(f.data())
        .containsEntry("count", 3L)
        .containsEntry("available", 2L)
        .containsEntry("found", true)
        .containsEntry("newest_age_hours", 25.0)
        .containsEntry("newest_time", "2025-10-11T02:00:00Z");
    assertThat(f.summary())
        .isEqualTo(
            "nba-mcp-prod: 3 automated snapshots in the last 7d; newest available"
                + " rds:nba-mcp-prod-2025-10-11T02-00 at 2025-10-11T02:00:00Z, 25.0 h ago");
    assertThat(wire.requests().stream().map(r -> r.getBodyAsString()).collect(Collectors.toList()))
        .allSatisfy(
            b ->
                assertThat(b)
                    .contains("DBInstanceIdentifier=nba-mcp-prod")
                    .contains("SnapshotType=automated")
                    .contains("Version=2014-10-31"));
  }

  @Test
  void withNoRecentSnapshotTheAgeIsTheWindowSoARuleFails() throws Exception {
    answer(describe(), List.of(snapshot(Duration.ofDays(9), "available")), null);

    Finding f = run(Map.of("instance", "nba-mcp-prod", "days", 3));

    assertThat(f.data())
        .containsEntry("count", 0L)
        .containsEntry("found", false)
        .containsEntry("newest_age_hours", 72.0)
        .containsEntry("newest_snapshot", "");
    assertThat(f.summary()).endsWith("; none available");
  }

  @Test
  void anUnknownInstanceIsARefusal() {
    wire.server()
        .stubFor(
            describe()
                .willReturn(
                    aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(
                            "<ErrorResponse xmlns=\""
                                + NS
                                + "\"><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>DBInstance"
                                + " nba-mcp-prod not found.</Message>"
                                + "</Error><RequestId>r2</RequestId></ErrorResponse>")));

    assertThatThrownBy(() -> run(Map.of("instance", "nba-mcp-prod")))
        .isInstanceOf(AwsRefusedException.class)
        .hasMessageContaining("RDS DescribeDBSnapshots refused (404 DBInstanceNotFound)");
  }

  @Test
  void refusesCraftedParameters() {
    assertThat(
            ParamBinder.problems(
                probe.info().params(), Map.of("instance", "nba-mcp-prod&SnapshotType=manual")))
        .singleElement()
        .asString()
        .startsWith("instance: ");
    assertThat(
            ParamBinder.problems(
                probe.info().params(), Map.of("instance", "nba-mcp-prod", "days", 36)))
        .hasSize(1);
  }
}

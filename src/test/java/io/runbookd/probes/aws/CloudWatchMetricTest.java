package io.runbookd.probes.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsTimeouts;
import io.runbookd.aws.Cbor.Tagged;
import io.runbookd.aws.CloudWatchWire;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code aws.cloudwatch_metric} against CloudWatch's real wire format (Smithy RPC v2 CBOR). */
class CloudWatchMetricTest {
  private static final Instant NOW = Instant.parse("2025-10-12T12:00:00Z");
  private static final double[] CPU = {
    60.0, 65.2, 70.1, 72.4, 80.0, 85.3, 88.8, 97.1, 95.0, 93.3, 91.0, 92.5
  };
  private static CloudWatchWire wire;
  private static AwsClients clients;
  private static CloudWatchMetric probe;

  @BeforeAll
  static void start() {
    wire = CloudWatchWire.start();
    clients = wire.clients(AwsTimeouts.all(Duration.ofSeconds(5)));
    probe = new CloudWatchMetric(clients, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void stop() {
    clients.close();
    wire.close();
  }

  /** The seed's RB-102 query: AWS/RDS CPUUtilization of nba-mcp-prod, 5 min averages, 1 h. */
  static Map<String, Object> seedParams() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("namespace", "AWS/RDS");
    raw.put("metric", "CPUUtilization");
    raw.put("dimensions", Map.of("DBInstanceIdentifier", "nba-mcp-prod"));
    raw.put("period", "5m");
    raw.put("window", "1h");
    return raw;
  }

  static Finding run(CloudWatchMetric probe, Map<String, Object> raw) throws Exception {
    return probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
  }

  /** Twelve 5-minute averages of the last hour, answered out of order as CloudWatch may. */
  private static void answerSeedHour() {
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < CPU.length; i++) {
      Instant at = NOW.minus(Duration.ofMinutes(60 - 5L * i));
      points.add(Map.of("Timestamp", at, "Average", CPU[i], "Unit", "Percent"));
    }
    Collections.reverse(points);
    Collections.swap(points, 3, 7);
    wire.answer("CPUUtilization", points);
  }

  @Test
  void sendsTheSeedQueryInCloudWatchsWireFormat() throws Exception {
    answerSeedHour();

    run(probe, seedParams());

    LoggedRequest request = wire.requests().get(0);
    assertThat(request.getUrl()).isEqualTo(CloudWatchWire.PATH);
    assertThat(request.getHeader("smithy-protocol")).isEqualTo("rpc-v2-cbor");
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/cbor");
    assertThat(request.getHeader("Authorization")).contains("/us-west-2/monitoring/aws4_request");
    Map<String, Object> body = wire.onlyRequestBody();
    assertThat(body)
        .containsEntry("Namespace", "AWS/RDS")
        .containsEntry("MetricName", "CPUUtilization")
        .containsEntry(
            "Dimensions", List.of(Map.of("Name", "DBInstanceIdentifier", "Value", "nba-mcp-prod")))
        .containsEntry("Period", 300L)
        .containsEntry("Statistics", List.of("Average"));
    assertThat(epochSeconds(body.get("StartTime"))).isEqualTo(NOW.getEpochSecond() - 3600);
    assertThat(epochSeconds(body.get("EndTime"))).isEqualTo(NOW.getEpochSecond());
  }

  /** A timestamp on the wire: CBOR tag 1, epoch seconds (the SDK sends a float). */
  private static long epochSeconds(Object value) {
    assertThat(value).isInstanceOf(Tagged.class);
    Tagged tagged = (Tagged) value;
    assertThat(tagged.tag()).isEqualTo(1);
    return ((Number) tagged.value()).longValue();
  }

  @Test
  void reportsDatapointsInTimeOrder() throws Exception {
    answerSeedHour();

    Finding finding = run(probe, seedParams());

    List<?> points = (List<?>) finding.data().get("datapoints");
    assertThat(points).hasSize(12);
    assertThat(points.get(0))
        .isEqualTo(Map.of("timestamp", "2025-10-12T11:00:00Z", "value", 60.0, "unit", "Percent"));
    assertThat(points.get(11))
        .isEqualTo(Map.of("timestamp", "2025-10-12T11:55:00Z", "value", 92.5, "unit", "Percent"));
  }

  @Test
  void reportsLatestMaxMinAndAverage() throws Exception {
    answerSeedHour();

    Finding finding = run(probe, seedParams());

    assertThat(finding.data())
        .containsEntry("count", 12L)
        .containsEntry("latest", 92.5)
        .containsEntry("max", 97.1)
        .containsEntry("min", 60.0)
        .containsEntry("unit", "Percent")
        .containsEntry("statistic", "Average");
    assertThat((Double) finding.data().get("average"))
        .isCloseTo(Arrays.stream(CPU).average().orElseThrow(), Offset.offset(1e-9));
  }

  @Test
  void summarizesInOneLine() throws Exception {
    answerSeedHour();

    Finding finding = run(probe, seedParams());

    assertThat(finding.summary())
        .isEqualTo(
            "AWS/RDS CPUUtilization {DBInstanceIdentifier=nba-mcp-prod} Average over 1h:"
                + " latest 92.5%, max 97.1% (12 points)");
  }

  @Test
  void noDatapointsIsAnAnswerNotAnError() throws Exception {
    wire.answer("CPUUtilization", List.of());

    Finding finding = run(probe, seedParams());

    assertThat(finding.data())
        .containsEntry("count", 0L)
        .containsEntry("datapoints", List.of())
        .doesNotContainKeys("latest", "max", "min", "average", "unit");
    assertThat(finding.summary())
        .isEqualTo(
            "AWS/RDS CPUUtilization {DBInstanceIdentifier=nba-mcp-prod} Average over 1h:"
                + " no datapoints");
  }

  @Test
  void readsTheStatisticItAskedFor() throws Exception {
    Instant at = NOW.minus(Duration.ofMinutes(10));
    wire.answer(
        "ReadLatency",
        List.of(Map.of("Timestamp", at, "Maximum", 1.25, "Average", 0.5, "Unit", "Seconds")));
    Map<String, Object> raw = seedParams();
    raw.put("metric", "ReadLatency");
    raw.put("statistic", "Maximum");
    raw.put("period", "10m");
    raw.put("window", "30m");

    Finding finding = run(probe, raw);

    assertThat(wire.onlyRequestBody())
        .containsEntry("Statistics", List.of("Maximum"))
        .containsEntry("Period", 600L);
    assertThat(finding.data()).containsEntry("latest", 1.25).containsEntry("unit", "Seconds");
    assertThat(finding.summary())
        .isEqualTo(
            "AWS/RDS ReadLatency {DBInstanceIdentifier=nba-mcp-prod} Maximum over 30m:"
                + " latest 1.25 Seconds, max 1.25 Seconds (1 point)");
  }

  @Test
  void namesItsSystemAndPermission() {
    assertThat(probe.name()).isEqualTo("aws.cloudwatch_metric");
    assertThat(probe.info().example()).contains("probe: aws.cloudwatch_metric");
    assertThat(probe.info().permissions()).containsExactly("IAM: cloudwatch:GetMetricStatistics");
  }
}

package io.runbookd.probes.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.aws.AwsClients;
import io.runbookd.aws.AwsJsonRpc;
import io.runbookd.plugin.Checks;
import io.runbookd.plugin.Param;
import io.runbookd.plugin.ParamType;
import io.runbookd.plugin.Params;
import io.runbookd.plugin.PluginInfo;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * AWS Cost Explorer's {@code GetCostAndUsage} (RB-202: last month's blended cost) at monthly
 * granularity for the whole months before the current one. Cost Explorer has no SDK module here, so
 * the call is its JSON 1.1 API ({@code AWSInsightsIndexService.GetCostAndUsage}) signed with the
 * SDK's SigV4 signer for service {@code ce} in {@code us-east-1}, where Cost Explorer lives; {@code
 * aws.endpoint} overrides the endpoint. Months are UTC calendar months; a month still open in AWS's
 * books is marked {@code estimated}.
 *
 * <p>Data: {@code metric}; {@code unit} (e.g. {@code USD}); {@code total}; {@code last_month} (the
 * most recent month's amount); {@code estimated} (any month estimated); {@code months} (each with
 * {@code start}, {@code end}, {@code amount}, {@code unit}, {@code estimated}).
 */
public final class CostAndUsage implements Probe<CostAndUsageParams> {
  public static final String SYSTEM = "aws:ce";
  static final String OPERATION = "Cost Explorer GetCostAndUsage";
  static final String TARGET = "AWSInsightsIndexService.GetCostAndUsage";
  static final AwsJsonRpc.Service SERVICE =
      new AwsJsonRpc.Service("ce", "us-east-1", URI.create("https://ce.us-east-1.amazonaws.com"));
  static final List<String> METRICS =
      List.of(
          "BlendedCost", "UnblendedCost", "AmortizedCost", "NetUnblendedCost", "NetAmortizedCost");
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final PluginInfo INFO =
      new PluginInfo(
          "aws.cost_and_usage",
          "Reads AWS cost per calendar month from Cost Explorer (blended cost by default).",
          "- id: cost\n  probe: aws.cost_and_usage\n  params: {months: 1, metric: BlendedCost}",
          List.of(
              Param.optional(
                  "months",
                  ParamType.INTEGER,
                  "whole months before the current one, 1 to 12 (default 1: last month)",
                  Checks.range(1, 12)),
              Param.optional(
                  "metric",
                  ParamType.STRING,
                  "one of " + String.join(", ", METRICS) + " (default BlendedCost)",
                  value ->
                      METRICS.contains(String.valueOf(value))
                          ? Optional.empty()
                          : Optional.of(
                              "'"
                                  + Checks.clip(value)
                                  + "' is not one of "
                                  + String.join(", ", METRICS)))),
          List.of("IAM: ce:GetCostAndUsage"));

  private final AwsClients clients;
  private final Clock clock;

  public CostAndUsage(AwsClients clients, Clock clock) {
    this.clients = Objects.requireNonNull(clients);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public PluginInfo info() {
    return INFO;
  }

  @Override
  public CostAndUsageParams bind(Params params) {
    return new CostAndUsageParams(
        (int) params.integer("months", 1), params.optionalString("metric").orElse("BlendedCost"));
  }

  @Override
  public String system(CostAndUsageParams params) {
    return SYSTEM;
  }

  @Override
  public Finding run(CostAndUsageParams p) throws Exception {
    LocalDate end = LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1);
    LocalDate start = end.minusMonths(p.months());
    JsonNode answer =
        clients
            .jsonRpc()
            .call(SERVICE, TARGET, request(start, end, p.metric()), MAX_BODY)
            .document(OPERATION);
    return CostReport.of(answer, p.metric());
  }

  static byte[] request(LocalDate start, LocalDate end, String metric) throws RefusedException {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> period = new LinkedHashMap<>();
    period.put("Start", start.toString());
    period.put("End", end.toString());
    body.put("TimePeriod", period);
    body.put("Granularity", "MONTHLY");
    body.put("Metrics", List.of(metric));
    try {
      return JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new RefusedException("cannot write the request: " + e.getOriginalMessage());
    }
  }
}

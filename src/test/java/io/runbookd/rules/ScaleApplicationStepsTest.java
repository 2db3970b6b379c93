package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.runbookd.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RB-002's steps: which one scales, by how much, on an alert and by hand, as the seed says. */
class ScaleApplicationStepsTest {
  private static Rule rule;

  @BeforeAll
  static void load() {
    rule = ShippedCatalog.rule("RB-002");
  }

  @Test
  void checksUsageAndAutoscalersThenScalesHorizontallyOrVertically() {
    assertThat(rule.steps().diagnose())
        .extracting(ProbeStep::id, ProbeStep::probe)
        .containsExactly(
            tuple("top", "k8s.top_pods"), tuple("hpa", "k8s.hpa"), tuple("pods", "k8s.pod_status"));
    assertThat(rule.steps().remediate())
        .extracting(ActionStep::id, ActionStep::action, ActionStep::approval)
        .containsExactly(
            tuple("scale_out", "k8s.scale", false),
            tuple("scale", "k8s.scale", false),
            tuple("scale_past_bounds", "k8s.scale", true),
            tuple("resize", "k8s.set_resources", false));
    assertThat(rule.steps().remediate().stream().filter(s -> s.action().equals("k8s.scale")))
        .allSatisfy(s -> assertThat(s.params()).containsEntry("min", new ParamValue.Literal(2L)));
  }

  @Test
  void aRequestPastTheRulesBoundsIsRefusedWhenTheRunStartsNamingTheBound() {
    ManualParams manual = rule.triggers().manual().orElseThrow();

    ManualParams.Binding tooMany = manual.bind(Map.of("replicas", "500"));
    ManualParams.Binding tooBig = manual.bind(Map.of("cpu_limit", "64000", "memory_limit", "-1"));

    assertThat(tooMany.ok()).isFalse();
    assertThat(tooMany.problems()).containsExactly("replicas: 500 is above the maximum 20");
    assertThat(tooBig.problems())
        .containsExactly(
            "cpu_limit: 64000 is above the maximum 8000",
            "memory_limit: -1 is below the minimum 0");
    assertThat(manual.bind(Map.of("replicas", "20")).ok()).isTrue();
  }

  /** What an alert run and runs by hand do, with the pods and autoscalers counted just before. */
  @ParameterizedTest(name = "params {0}, {1} pods, {2} HPAs -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alert | 3 | 0 | scale_out=5", // two more pods
        "alert | 11 | 0 | scale_out=12", // never more than 12 on its own
        "alert | 12 | 0 | none", // at 12 a human decides
        "alert | 3 | 1 | none", // the autoscaler owns the count
        "replicas=6 | 3 | 0 | scale=6",
        "replicas=12 | 3 | 0 | scale=12",
        "replicas=2 | 3 | 0 | scale_past_bounds=2", // fewer than now: approval
        "replicas=15 | 3 | 0 | scale_past_bounds=15", // above 12: approval
        "replicas=6 | 3 | 1 | none",
        "cpu_request=2000 cpu_limit=4000 memory_request=4096 memory_limit=8192 | 3 | 0 | resize",
        "cpu_request=2000 | 3 | 0 | none", // vertical scaling takes all four
        "replicas=8 cpu_request=500 cpu_limit=1000 memory_request=512 memory_limit=1024 | 3 | 1 | resize",
        "replicas=8 cpu_request=500 cpu_limit=1000 memory_request=512 memory_limit=1024 | 3 | 0 | scale=8 resize",
      })
  void scalesWithinTheBoundsTheRuleDeclares(String params, long pods, long hpas, String expected)
      throws Exception {
    StepContext context = context(params, pods, hpas);

    List<String> applies = new ArrayList<>();
    for (ActionStep step : rule.steps().remediate()) {
      if (step.when().orElseThrow().test(context)) {
        applies.add(step.id() + replicas(step, context));
      }
    }

    assertThat(String.join(" ", applies)).isEqualTo(expected.equals("none") ? "" : expected);
  }

  @Test
  void resizesWithTheSeedsRequestsAndLimitsInKubernetesUnits() throws Exception {
    StepContext context =
        context("cpu_request=2000 cpu_limit=4000 memory_request=4096 memory_limit=8192", 3, 0);
    ActionStep resize = rule.steps().remediate().get(3);

    assertThat(evaluate(resize, "requests", context)).isEqualTo(Map.of("cpu", "2000m", "memory", "4096Mi"));
    assertThat(evaluate(resize, "limits", context)).isEqualTo(Map.of("cpu", "4000m", "memory", "8192Mi"));
  }

  @Test
  void verifiesTheSuccessCriteriaForFifteenMinutes() {
    VerifyStep verify = rule.steps().verify().orElseThrow();
    String query = ((ParamValue.Literal) verify.params().get("query")).value().toString();

    assertThat(query)
        .startsWith("histogram_quantile(0.95")
        .contains("kube_pod_status_ready{namespace=\"nba-mcp\", pod=~\"nba-mcp-.*\", condition=\"true\"}) == 1")
        .contains("kube_pod_container_status_restarts_total{namespace=\"nba-mcp\", pod=~\"nba-mcp-.*\"}[15m])) == 0")
        .contains("<= 1.5 * avg(sum by (pod)");
    assertThat(verify.condition().source()).isEqualTo("result.value < 0.5");
    assertThat(verify.holdFor()).isEqualTo(Duration.ofMinutes(15));
    assertThat(verify.missing()).isEqualTo(VerifyStep.Missing.FAIL);
  }

  private static String replicas(ActionStep step, StepContext context) throws Exception {
    return step.action().equals("k8s.scale") ? "=" + evaluate(step, "replicas", context) : "";
  }

  private static Object evaluate(ActionStep step, String param, StepContext context)
      throws Exception {
    return ((ParamValue.Expr) step.params().get(param)).expression().evaluate(context);
  }

  /** "alert" for a run an alert started; else the manual parameters given, bound as the API does. */
  private static StepContext context(String params, long pods, long hpas) {
    Map<String, Object> bound = Map.of();
    Alert alert = new Alert(Alert.Status.FIRING, Map.of(), Map.of(), Instant.EPOCH, Optional.empty(), "", "");
    if (params.equals("alert")) {
      alert = new Alert(Alert.Status.FIRING, Map.of("alertname", "HighCPUUsage", "namespace", "nba-mcp"),
          Map.of("value", "0.92"), Instant.EPOCH, Optional.empty(), "", "8b1e4f0a6c27d953");
    } else {
      Map<String, String> raw = new LinkedHashMap<>();
      for (String pair : params.split(" ")) {
        raw.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
      ManualParams.Binding binding = rule.triggers().manual().orElseThrow().bind(raw);
      assertThat(binding.problems()).isEmpty();
      bound = binding.values();
    }
    Map<String, Map<String, Object>> probes =
        Map.of("pods", Map.of("total", pods), "hpa", Map.of("count", hpas), "top", Map.of("count", pods));
    return new StepContext(alert, probes, Map.of(), Optional.empty(), bound);
  }
}

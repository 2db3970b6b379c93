package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.runbookd.actions.Action;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.StoreException;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The daemon dies after its diagnosis and before acting; the error rate recovers while it is
 * down. After the restart, the step is decided on fresh readings, not on what was true before.
 */
class RestartStaleProbesTest {
  private static final String RULE = """
      id: RB-S
      title: act on a fresh diagnosis
      match:
        alertname: HighErrorRate
      diagnose:
        - id: rate
          probe: prometheus.query
          params: {query: 'error_ratio'}
      remediate:
        - id: raise_pool
          action: k8s.set_env
          when: probes.rate.value > 0.05
          params: {namespace: nba-mcp, deployment: nba-mcp, env: {DB_POOL_SIZE: "50"}}
      """;

  @TempDir Path dir;
  private WireMockServer prometheus;

  @BeforeEach
  void start() {
    prometheus = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    prometheus.start();
    answer(Scenario.STARTED, "0.12", "recovered");
    answer("recovered", "0.001", "recovered");
  }

  @AfterEach
  void stop() {
    prometheus.stop();
  }

  private void answer(String state, String ratio, String next) {
    prometheus.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("rate").whenScenarioStateIs(state)
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                + "\"value\":[1760270400,\"" + ratio + "\"]}]}}"))
        .willSetStateTo(next));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStepDecidedBeforeARestartReadsItsProbesAgainAndDoesNotActOnARecoveredRate(StoreKind kind)
      throws Exception {
    AtomicReference<EngineHarness> self = new AtomicReference<>();
    try (EngineHarness h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, List.of(RULE),
        actions -> dyingBeforeSetEnv(actions, self), URI.create(prometheus.baseUrl()))) {
      self.set(h);
      String id = h.open(Map.of());
      try {
        h.runDue();
      } catch (StoreException storeGone) {
        // the process died between its diagnosis (rate 0.12, committed) and the step
      }
      assertThat(h.cluster.mutatingRequests()).isEmpty();

      h.restart();
      h.clock.advance(Duration.ofMinutes(6));
      h.runDue();

      assertThat(h.kinds(id)).as(h.messages(id)).contains("probes_refreshed");
      assertThat(h.messages(id)).contains("reading rate again")
          .contains("condition 'probes.rate.value > 0.05' is false");
      assertThat(h.cluster.mutatingRequests()).as("nothing acted on the old diagnosis").isEmpty();
      assertThat(EngineLifecycleTest.envOf(h)).containsEntry("DB_POOL_SIZE", "20");
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
    }
  }

  private static List<Action<?>> dyingBeforeSetEnv(List<Action<?>> actions, AtomicReference<EngineHarness> self) {
    List<Action<?>> out = new ArrayList<>();
    for (Action<?> a : actions) {
      out.add(a.name().equals("k8s.set_env") ? dyingOnce(a, self) : a);
    }
    return out;
  }

  private static <P> Action<P> dyingOnce(Action<P> action, AtomicReference<EngineHarness> self) {
    AtomicBoolean died = new AtomicBoolean();
    return CrashingAction.beforeChange(action, () -> {
      if (!died.getAndSet(true)) {
        self.get().store.close();
      }
    });
  }
}

package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Action;
import io.runbookd.actions.k8s.RolloutRestart;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An action step waits as long as its {@code timeout} says (by default the action's own timeout
 * parameter plus 30 s, else 60 s; see WeeklyMaintenanceStepsTest), not a fixed minute.
 */
class StepTimeoutTest {
  private static final String RULE = """
      id: RB-T
      title: slow restart
      match:
        alertname: HighErrorRate
      remediate:
        - id: restart
          action: k8s.rollout_restart
          params: {namespace: nba-mcp, deployment: nba-mcp}
          timeout: LIMIT
      """;

  @TempDir Path dir;

  /** The restart, answering only after {@code millis}. */
  private static List<Action<?>> slow(List<Action<?>> actions, long millis) {
    List<Action<?>> out = new ArrayList<>(actions);
    out.replaceAll(a -> a instanceof RolloutRestart restart ? new CrashingAction<>(restart, () -> sleep(millis)) : a);
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aStepLongerThanItsLimitFailsAndOneWithinItsLimitIsDone() throws Exception {
    try (EngineHarness h = new EngineHarness(StoreKind.SQLITE.config(dir.resolve("short")), dir.resolve("short"),
        Mode.ENFORCE, RULE.replace("LIMIT", "1s"), actions -> slow(actions, 2500))) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.messages(id)).contains("timed out after 1000 ms");
      assertThat(h.status(id)).isNotEqualTo(IncidentStatus.RESOLVED);
    }
    try (EngineHarness h = new EngineHarness(StoreKind.SQLITE.config(dir.resolve("long")), dir.resolve("long"),
        Mode.ENFORCE, RULE.replace("LIMIT", "10s"), actions -> slow(actions, 2500))) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.messages(id)).doesNotContain("timed out").contains("action_done");
    }
  }
}

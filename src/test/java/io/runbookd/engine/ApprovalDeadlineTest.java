package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An approval that lands after its deadline, before any tick has seen the deadline pass, acts on nothing. */
class ApprovalDeadlineTest {
  private static final String RULE = """
      id: RB-W
      title: restart once a human approves
      match:
        alertname: HighErrorRate
      remediate:
        - id: restart
          action: k8s.rollout_restart
          approval: required
          params: {namespace: nba-mcp, deployment: nba-mcp}
      """;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anApprovalAfterTheDeadlineDoesNotAct(StoreKind kind) throws Exception {
    try (EngineHarness h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, RULE, UnaryOperator.identity())) {
      String id = h.open(Map.of());
      h.runDue();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.AWAITING_APPROVAL);
      h.clock.advance(Duration.ofMinutes(30).plusSeconds(1));

      java.util.Set<String> decided = h.decide(id, "approved", "alice");
      h.runDue();

      assertThat(decided).isEmpty();
      assertThat(h.guards().approval(id, "restart").orElseThrow().decision()).isEmpty();
      assertThat(h.cluster.mutatingRequests()).as(h.messages(id)).isEmpty();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
    }
  }
}

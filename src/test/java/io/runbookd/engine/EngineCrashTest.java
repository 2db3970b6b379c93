package io.runbookd.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.actions.Action;
import io.runbookd.config.Mode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The process dies after an action changed the cluster and before its outcome was recorded.
 * After a restart the incident is picked up again; the engine re-reads the target instead of
 * running the action a second time, and goes on to verify.
 */
class EngineCrashTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void actionWithoutRecordedOutcomeIsRecheckedNotRerun(StoreKind kind) throws Exception {
    AtomicReference<EngineHarness> self = new AtomicReference<>();
    AtomicReference<CrashingAction<?>> crashing = new AtomicReference<>();
    try (EngineHarness h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, EngineLifecycleTest.RULE,
        actions -> wrapSetEnv(actions, () -> self.get().store.close(), crashing))) {
      self.set(h);
      String id = h.open(Map.of());

      try {
        h.runDue();
      } catch (io.runbookd.store.StoreException storeGone) {
        // the "process" lost its store right after the action: that is the crash
      }

      assertThat(crashing.get().executions()).isEqualTo(1);
      assertThat(h.cluster.mutatingRequests()).hasSize(1);
      h.restart();
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ACTING);
      h.runDue();
      assertThat(crashing.get().executions()).as("the dead process's lease still holds").isEqualTo(1);
      h.clock.advance(java.time.Duration.ofSeconds(31));
      h.runDue();
      assertThat(crashing.get().executions()).as("never re-run blindly").isEqualTo(1);
      assertThat(h.cluster.mutatingRequests()).hasSize(1);
      assertThat(h.status(id)).as(h.messages(id)).isEqualTo(IncidentStatus.VERIFYING);
      assertThat(h.messages(id))
          .contains("action raise_pool started at")
          .contains("re-reading the target")
          .contains("action_done: action raise_pool done");
    }
  }

  private static List<Action<?>> wrapSetEnv(
      List<Action<?>> actions, Runnable crash, AtomicReference<CrashingAction<?>> out) {
    List<Action<?>> wrapped = new ArrayList<>();
    for (Action<?> action : actions) {
      if (action.name().equals("k8s.set_env")) {
        CrashingAction<?> c = crashing(action, crash);
        out.set(c);
        wrapped.add(c);
      } else {
        wrapped.add(action);
      }
    }
    return wrapped;
  }

  private static <P> CrashingAction<P> crashing(Action<P> action, Runnable crash) {
    return new CrashingAction<>(action, crash);
  }
}

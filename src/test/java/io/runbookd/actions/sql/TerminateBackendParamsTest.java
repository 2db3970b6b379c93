package io.runbookd.actions.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.actions.Reversibility;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.ParamException;
import io.runbookd.sql.SqlWriters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** sql.terminate_backend's parameters: checks, binding, description; no database needed. */
class TerminateBackendParamsTest {
  private static final SqlWriters writers =
      Pg.writers("jdbc:postgresql://127.0.0.1:1/never", "rb_actor", "actor");
  private static final TerminateBackend terminate = new TerminateBackend(writers);

  @AfterAll
  static void close() {
    writers.close();
  }

  private static TerminateParams params(long pid, String backendStart, String reason, Long min)
      throws Exception {
    Map<String, Object> raw = new HashMap<>();
    raw.put("datasource", Pg.DATASOURCE);
    raw.put("pid", pid);
    raw.put("backend_start", backendStart);
    raw.put("reason", reason);
    if (min != null) {
      raw.put("min_seconds", min);
    }
    return Pg.bind(terminate, raw);
  }

  @Test
  void refusesCraftedParameters() {
    Map<String, Object> good =
        Map.of(
            "datasource",
            Pg.DATASOURCE,
            "pid",
            42L,
            "backend_start",
            "2025-10-12T10:00:00.123456Z",
            "reason",
            "blocking");

    assertThat(problems(good, "pid", 0L)).singleElement().asString().startsWith("pid: ");
    assertThat(problems(good, "backend_start", "now(); SELECT 1"))
        .singleElement()
        .asString()
        .contains("ISO-8601");
    assertThat(problems(good, "reason", "everything"))
        .singleElement()
        .asString()
        .contains("blocking or long_running");
    assertThat(problems(good, "datasource", "other"))
        .singleElement()
        .asString()
        .contains("unknown datasource 'other'; configured: nba_stats");
    assertThat(problems(good, "min_seconds", -1L)).hasSize(1);
  }

  @Test
  void minSecondsBelongsToLongRunningOnly() {
    Map<String, Object> raw =
        Map.of(
            "datasource",
            Pg.DATASOURCE,
            "pid",
            42L,
            "backend_start",
            "2025-10-12T12:00:00+02:00",
            "reason",
            "blocking",
            "min_seconds",
            10L);

    assertThatThrownBy(() -> Pg.bind(terminate, raw))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("only read with reason long_running");
  }

  @Test
  void describesTheSessionAndIsTransient() throws Exception {
    TerminateParams p = params(42, "2025-10-12T12:00:00+02:00", "long_running", 300L);

    assertThat(terminate.describe(p))
        .isEqualTo(
            "terminate session pid 42 (started 2025-10-12T10:00:00Z) in nba_stats:"
                + " its transaction is open for at least 300 s");
    assertThat(terminate.target(p).key()).isEqualTo("sql:nba_stats:session/42");
    assertThat(terminate.reversibility()).isEqualTo(Reversibility.TRANSIENT);
    assertThat(terminate.retrySafe()).isTrue();
  }

  private static List<String> problems(Map<String, Object> good, String key, Object value) {
    Map<String, Object> raw = new HashMap<>(good);
    raw.put(key, value);
    return ParamBinder.problems(terminate.info().params(), raw);
  }
}

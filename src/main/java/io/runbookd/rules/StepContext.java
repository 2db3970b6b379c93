package io.runbookd.rules;

import io.runbookd.alert.Alert;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What step expressions can read.
 *
 * @param alert the incident's alert: {@code alert.labels}, {@code alert.annotations}, {@code
 *     alert.value}
 * @param probes the data of each probe that answered, by step id: {@code probes.pods.ready}; a
 *     probe that failed is absent
 * @param vars the configuration's {@code vars}
 * @param result the verification probe's data ({@code result.*}), only inside {@code verify}
 * @param params the run's manual parameters ({@code params.*}), as {@link ManualParams#bind}
 *     returns them; empty for a run that no person started
 */
public record StepContext(
    Alert alert,
    Map<String, Map<String, Object>> probes,
    Map<String, String> vars,
    Optional<Map<String, Object>> result,
    Map<String, Object> params) {

  /** The context of a run without manual parameters (an alert or a schedule started it). */
  public StepContext(
      Alert alert,
      Map<String, Map<String, Object>> probes,
      Map<String, String> vars,
      Optional<Map<String, Object>> result) {
    this(alert, probes, vars, result, Map.of());
  }

  public StepContext {
    Objects.requireNonNull(params, "params");
  }
}

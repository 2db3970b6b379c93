package io.runbookd.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.probes.Probes;
import io.runbookd.rules.ProbeStep;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepContext;
import io.runbookd.store.StepRecord;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Runs a rule's probes in parallel and returns the data of those that answered. Probes only
 * read, so after a restart the ones without a recorded answer simply run again.
 */
final class Diagnosis {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final Probes probes;
  private final Calls calls;
  private final Recorder recorder;
  private final ExecutorService waiters;
  private final ObjectMapper json;

  Diagnosis(Probes probes, Calls calls, Recorder recorder, ExecutorService waiters, ObjectMapper json) {
    this.probes = probes;
    this.calls = calls;
    this.recorder = recorder;
    this.waiters = waiters;
    this.json = json;
  }

  /** Data of every probe that answered, by step id (recorded answers are reused). */
  Map<String, Map<String, Object>> run(Incident incident, Rule rule, StepContext base, Map<String, StepRecord> done)
      throws SQLException {
    Map<String, Map<String, Object>> results = new LinkedHashMap<>(recorded(done));
    List<CompletableFuture<Optional<Map<String, Object>>>> pending = new java.util.ArrayList<>();
    List<ProbeStep> toRun = rule.steps().diagnose().stream()
        .filter(step -> !finished(done, step.id()))
        .toList();
    for (ProbeStep step : toRun) {
      pending.add(CompletableFuture.supplyAsync(() -> runOne(incident, step, base), waiters));
    }
    for (int i = 0; i < toRun.size(); i++) {
      String stepId = toRun.get(i).id();
      pending.get(i).join().ifPresent(d -> results.put(stepId, d));
    }
    return results;
  }

  /** Data of probes that answered before (after a restart, or for later steps). */
  Map<String, Map<String, Object>> recorded(Map<String, StepRecord> steps) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    steps.forEach((key, step) -> {
      if (key.startsWith("diagnose:") && "succeeded".equals(step.status()) && step.result().isPresent()) {
        out.put(key.substring("diagnose:".length()), parse(step.result().get()));
      }
    });
    return out;
  }

  private static boolean finished(Map<String, StepRecord> done, String id) {
    StepRecord step = done.get("diagnose:" + id);
    return step != null && !step.unfinished();
  }

  private Optional<Map<String, Object>> runOne(Incident incident, ProbeStep step, StepContext base) {
    try {
      return Optional.ofNullable(probe(incident.id(), step, base));
    } catch (SQLException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException("store write failed", e));
    }
  }

  private Map<String, Object> probe(String id, ProbeStep step, StepContext base) throws SQLException {
    Probe<?> probe = probes.find(step.probe()).orElse(null);
    long started = System.nanoTime();
    if (probe == null) {
      recorder.probeFailed(id, step.id(), step.probe(), probes.unknown(step.probe()), Duration.ZERO);
      return null;
    }
    Bound.BoundProbe bound;
    StepParams.Resolved resolved;
    try {
      resolved = StepParams.resolve(probe.info().params(), step.params(), base);
      bound = Bound.probe(probe, resolved.params());
    } catch (ParamException e) {
      recorder.probeFailed(id, step.id(), step.probe(), "refused parameter " + e.getMessage(), Duration.ZERO);
      return null;
    }
    recorder.probeStarted(id, step.id(), step.probe(), resolved.values());
    try {
      Finding finding = calls.call(bound.system(), step.timeout(), true, bound::run);
      Finding normalized = new Finding(CelValues.normalize(finding.data()), finding.summary());
      recorder.probeAnswered(id, step.id(), step.probe(), normalized, Duration.ofNanos(System.nanoTime() - started));
      return normalized.data();
    } catch (CallException e) {
      recorder.probeFailed(id, step.id(), step.probe(), e.getMessage(), Duration.ofNanos(System.nanoTime() - started));
      return null;
    }
  }

  private Map<String, Object> parse(String text) {
    try {
      return CelValues.normalize(json.readValue(text, MAP));
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }
}

package io.runbookd.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.plugin.ParamException;
import io.runbookd.probes.Finding;
import io.runbookd.probes.Probe;
import io.runbookd.probes.Probes;
import io.runbookd.redact.Redactor;
import io.runbookd.rules.ProbeStep;
import io.runbookd.rules.StepContext;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import io.runbookd.store.Tx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Runs a rule's probes in parallel and records all their answers in one commit. Probes only
 * read, so after a restart a diagnosis that was not recorded simply runs again.
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

  /** What one probe came to. */
  record Answer(ProbeStep step, Map<String, Object> params, Finding finding, String failure, Duration took) {
    boolean answered() {
      return finding != null;
    }
  }

  /** Runs the given probes at once and waits for all of them (each has its own time limit). */
  List<Answer> run(List<ProbeStep> steps, StepContext context) {
    List<CompletableFuture<Answer>> pending = new ArrayList<>();
    for (ProbeStep step : steps) {
      pending.add(CompletableFuture.supplyAsync(() -> probe(step, context), waiters));
    }
    return pending.stream().map(CompletableFuture::join).toList();
  }

  private Answer probe(ProbeStep step, StepContext context) {
    Probe<?> probe = probes.find(step.probe()).orElse(null);
    if (probe == null) {
      return new Answer(step, Map.of(), null, probes.unknown(step.probe()), Duration.ZERO);
    }
    StepParams.Resolved resolved;
    Bound.BoundProbe bound;
    try {
      resolved = StepParams.resolve(probe.info().params(), step.params(), context);
      bound = Bound.probe(probe, resolved.params());
    } catch (ParamException e) {
      return new Answer(step, Map.of(), null, "refused parameter " + e.getMessage(), Duration.ZERO);
    }
    long started = System.nanoTime();
    try {
      Finding finding = calls.read(bound.system(), step.timeout(), bound::run);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      recorder.probeTime(step.probe(), took);
      return new Answer(step, resolved.values(),
          new Finding(CelValues.normalize(finding.data()), finding.summary()), null, took);
    } catch (CallException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      recorder.probeTime(step.probe(), took);
      return new Answer(step, resolved.values(), null, e.getMessage(), took);
    }
  }

  /**
   * In the caller's transaction: every answer as a step record (its data as read: later steps'
   * conditions read it after a restart) and a timeline line, redacted (what people and the API
   * see).
   */
  void record(Tx tx, String incidentId, List<Answer> answers) {
    for (Answer a : answers) {
      String key = "diagnose:" + a.step().id();
      Redactor r = recorder.redactor(a.step().probe());
      StepStore.start(tx, incidentId, key, recorder.json(r.params(a.params())), java.util.Optional.empty());
      if (a.answered()) {
        String summary = r.text(a.finding().summary(), a.params(), a.finding().data());
        StepStore.finish(tx, incidentId, key, "succeeded", recorder.json(a.finding().data()), summary);
        Timeline.append(tx, incidentId, new TimelineLine("probe_result", "probe " + a.step().id() + ": " + summary
            + " (" + a.took().toMillis() + " ms)", recorder.json(r.data(a.finding().data()))));
      } else {
        String failure = r.text(a.failure(), a.params(), Map.of());
        StepStore.finish(tx, incidentId, key, "failed", null, failure);
        Timeline.append(tx, incidentId, TimelineLine.of("probe_failed",
            "probe " + a.step().id() + " (" + a.step().probe() + ") failed: " + failure));
      }
    }
  }

  /** The data of the answers that came, by step id. */
  static Map<String, Map<String, Object>> data(List<Answer> answers) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    answers.stream().filter(Answer::answered).forEach(a -> out.put(a.step().id(), a.finding().data()));
    return out;
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

  private Map<String, Object> parse(String text) {
    try {
      return CelValues.normalize(json.readValue(text, MAP));
    } catch (java.io.IOException e) {
      return Map.of();
    }
  }
}

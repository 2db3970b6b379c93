package io.runbookd.engine;

import io.runbookd.rules.ActionStep;
import io.runbookd.rules.ProbeStep;
import io.runbookd.rules.StepContext;
import io.runbookd.store.StepRecord;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Before steps are decided on probe data older than {@code staleAfter} (the daemon restarted, a
 * human approved later, a stage waited a day at its gate): the probes the remaining steps need
 * are read again, recorded, and their fresh answers used, so that no step acts on what was true
 * minutes ago.
 */
final class StaleProbes {
  private final Diagnosis diagnosis;
  private final Recorder recorder;
  private final EngineSettings settings;

  StaleProbes(Diagnosis diagnosis, Recorder recorder, EngineSettings settings) {
    this.diagnosis = diagnosis;
    this.recorder = recorder;
    this.settings = settings;
  }

  /** {@code context} with fresh answers for the probes that {@code steps} still to run need. */
  StepContext fresh(Pass pass, StepContext context, Map<String, StepRecord> recorded, List<ActionStep> steps) {
    Set<String> needed = new TreeSet<>();
    steps.stream()
        .filter(step -> !recorded.containsKey("remediate:" + step.id())
            || recorded.get("remediate:" + step.id()).unfinished())
        .forEach(step -> needed.addAll(step.needs()));
    Instant oldest = recorded.entrySet().stream()
        .filter(e -> e.getKey().startsWith("diagnose:")
            && needed.contains(e.getKey().substring("diagnose:".length())))
        .map(e -> e.getValue().finishedAt().orElse(e.getValue().startedAt()))
        .min(Instant::compareTo).orElse(recorder.now());
    if (needed.isEmpty() || !oldest.plus(settings.staleAfter()).isBefore(recorder.now())) {
      return context;
    }
    List<ProbeStep> again = pass.rule().steps().diagnose().stream().filter(p -> needed.contains(p.id())).toList();
    List<Diagnosis.Answer> answers = diagnosis.run(again, context);
    recorder.write(pass.lease(), tx -> {
      Timeline.append(tx, pass.id(), TimelineLine.of("probes_refreshed", "probe data from " + oldest
          + " is older than " + settings.staleAfter() + ": reading "
          + String.join(", ", again.stream().map(ProbeStep::id).toList()) + " again"));
      diagnosis.record(tx, pass.id(), answers);
      return null;
    });
    Map<String, Map<String, Object>> data = new LinkedHashMap<>(context.probes());
    again.forEach(p -> data.remove(p.id()));
    data.putAll(Diagnosis.data(answers));
    return new StepContext(context.alert(), data, context.vars(), Optional.empty(), context.params());
  }
}

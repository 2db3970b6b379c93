package io.runbookd.engine;

import io.runbookd.incident.Incident;
import io.runbookd.report.HtmlReport;
import io.runbookd.report.Report;
import io.runbookd.rules.ReportSpec;
import io.runbookd.rules.Rule;
import io.runbookd.rules.StepContext;
import io.runbookd.store.Lease;
import io.runbookd.store.ReportStore;
import io.runbookd.store.StepRecord;
import io.runbookd.store.StepStore;
import io.runbookd.store.Timeline;
import io.runbookd.store.TimelineLine;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page a runbook with a {@code report} leaves behind: built once its probes answered (so a
 * human deciding an approval can read it), and again when the incident comes to rest, with how
 * the run went. It is stored under one id per incident and title (step {@value #STEP} records
 * which status it was last built for and its link), and the timeline and the incident's pages
 * point to it.
 */
final class RunReports {
  static final String STEP = "report";

  private final Diagnosis diagnosis;
  private final Recorder recorder;
  private final EngineSettings settings;

  RunReports(Diagnosis diagnosis, Recorder recorder, EngineSettings settings) {
    this.diagnosis = diagnosis;
    this.recorder = recorder;
    this.settings = settings;
  }

  /** Builds the report when it is due: probes answered and none built yet, or the run came to rest. */
  void afterPass(Lease lease, Incident incident, Rule rule, Map<String, StepRecord> steps) {
    Optional<ReportSpec> spec = rule.steps().report();
    if (spec.isEmpty() || steps.keySet().stream().noneMatch(k -> k.startsWith("diagnose:"))) {
      return;
    }
    StepRecord built = steps.get(STEP);
    String status = incident.status().wire();
    if (built != null && (incident.status().inFlight() || built.status().equals(status))) {
      return;
    }
    // A report is read by people, like the timeline: probe data is redacted the same way.
    Map<String, Map<String, Object>> probes = new LinkedHashMap<>();
    diagnosis.recorded(steps).forEach((id, data) -> probes.put(id,
        rule.steps().probe(id).map(p -> recorder.redactor(p.probe()).data(data)).orElse(data)));
    StepContext context = new StepContext(incident.alert(), probes, settings.vars(), Optional.empty(),
        RunParams.of(incident));
    List<Report.Section> sections = new ArrayList<>(ReportSections.written(spec.get(), context));
    sections.add(ReportSections.run(incident, steps));
    Report report = new Report(spec.get().title(), recorder.now(), sections);
    String html = HtmlReport.render(report);
    recorder.write(lease, tx -> {
      String id = ReportStore.save(tx, rule.id(), incident.id(), spec.get().title(), html);
      String link = link(id);
      StepStore.finish(tx, incident.id(), STEP, status, id, link);
      Timeline.append(tx, incident.id(), TimelineLine.of("report", (built == null ? "report stored: " : "report updated: ")
          + spec.get().title() + ": " + link));
      return null;
    });
  }

  private String link(String id) {
    String path = "/api/v1/reports/" + id;
    return settings.externalUrl().map(URI::toString).map(u -> u.replaceAll("/+$", "") + path).orElse(path);
  }
}

package io.runbookd.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.store.StoredAlert;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** One incident: where it stands, what waits for a decision, its alerts, readings, pages and story. */
final class IncidentPage {
  private static final Set<String> PAGE_KINDS =
      Set.of("paging", "paged", "page_rejected", "page_moved", "escalated_level", "escalation_exhausted");

  private final Story story;
  private final ObjectMapper json;

  IncidentPage(ObjectMapper json) {
    this.story = new Story(json);
    this.json = json;
  }

  Html render(DecisionPanel.Waiting w, List<StoredAlert> alerts, Viewer viewer, Instant now) {
    Incident i = w.incident();
    Html html = new Html();
    html.open("div", "id", "incident", "data-live", "");
    html.open("h1").text(i.alertname() + " ").el("small", i.id()).close("h1");
    summary(html, i, now);
    DecisionPanel.render(html, w, viewer, now);
    AlertsView.render(html, alerts, i.alertCount());
    Readings.render(html, Readings.of(w.timeline(), json), Readings.threshold(w.timeline()));
    pages(html, w.timeline());
    story.render(html, w.timeline());
    return html.close("div");
  }

  private static void summary(Html html, Incident i, Instant now) {
    html.open("dl", "class", "summary");
    html.el("dt", "Status").open("dd");
    Format.badge(html, i.status());
    html.close("dd").el("dt", "Priority").el("dd", i.priority().name());
    html.el("dt", "Rule").open("dd");
    if (i.rule().isPresent()) {
      html.link("/console/runbooks#rule-" + i.rule().get(), i.rule().get())
          .text(i.ruleVersion().map(v -> " (version " + v + ")").orElse(""));
    } else {
      html.text("none covers it");
    }
    html.close("dd").el("dt", "Alerts").el("dd", i.firingCount() + " firing of " + i.alertCount());
    html.el("dt", "Opened").open("dd");
    Format.time(html, i.createdAt());
    html.close("dd").el("dt", "Updated")
        .el("dd", Format.relative(i.updatedAt(), now) + ", " + Format.time(i.updatedAt()));
    i.verifyDeadline().ifPresent(d -> html.el("dt", "Verify until").el("dd", Format.time(d)));
    html.el("dt", "Acknowledged").el("dd", i.ackedBy().map(by -> "by " + by).orElse("not yet"));
    i.endedAt().ifPresent(e -> html.el("dt", "Ended").el("dd", Format.time(e)));
    html.close("dl");
  }

  private static void pages(Html html, List<TimelineEntry> timeline) {
    List<TimelineEntry> pages = timeline.stream().filter(e -> PAGE_KINDS.contains(e.kind())).toList();
    html.open("section", "aria-labelledby", "pages-h").el("h2", "Pages and their delivery", "id", "pages-h");
    if (pages.isEmpty()) {
      html.el("p", "Nobody has been paged about this incident.", "class", "muted");
    } else {
      html.open("ul", "class", "pages");
      for (TimelineEntry e : pages) {
        html.open("li", "class", "kind-" + e.kind());
        Format.time(html, e.at());
        html.text(" ").el("strong", Story.heading(e.kind())).text(": " + e.message()).close("li");
      }
      html.close("ul");
    }
    html.close("section");
  }
}

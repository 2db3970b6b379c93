package io.runbookd.escalation.pagers;

import io.runbookd.escalation.Page;
import io.runbookd.incident.Priority;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

/** Pages as the engine builds them, and the HTTP client the tests page with. */
final class Pages {
  /** A sha256 hex, like the engine's keys: no label text. */
  static final String DEDUP_KEY =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  static final String INCIDENT = "inc-01HZX3K9";
  static final URI LINK = URI.create("https://runbookd.example.com/api/v1/incidents/inc-01HZX3K9");

  private Pages() {}

  static Page trigger() {
    return of(Page.Event.TRIGGER, Priority.P1);
  }

  static Page of(Page.Event event, Priority priority) {
    return new Page(
        INCIDENT,
        DEDUP_KEY,
        event,
        priority,
        "RB-101 Pod crash loop: KubePodCrashLooping",
        "verification failed: nba-mcp still restarting after rollout restart",
        List.of("k8s.pod_status: 2/5 ready, 14 restarts", "k8s.rollout_history: revision 42"),
        List.of("k8s.rollout_restart executed", "k8s.set_env blocked: cooldown"),
        Optional.of(LINK),
        "team-lead",
        List.of("inc-01HZX3KA"));
  }

  static Page withText(String title, List<String> findings, List<String> actions) {
    Page base = trigger();
    return new Page(
        base.incidentId(),
        base.dedupKey(),
        base.event(),
        base.priority(),
        title,
        base.reason(),
        findings,
        actions,
        base.link(),
        base.target(),
        base.related());
  }

  static Page withKey(String dedupKey, Page.Event event) {
    Page base = of(event, Priority.P1);
    return new Page(
        base.incidentId(),
        dedupKey,
        event,
        base.priority(),
        base.title(),
        base.reason(),
        base.findings(),
        base.actions(),
        base.link(),
        base.target(),
        base.related());
  }

  /** HTTP/1.1: WireMock speaks it plainly, without an h2c upgrade on every request. */
  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}

package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.Incident;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.store.GuardStore;
import io.runbookd.store.IncidentStore;
import io.runbookd.store.StoredAlert;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shape of incidents, their alerts and timeline entries. */
final class IncidentJson {
  /** Alerts listed with one incident; {@code alertCount} says how many it holds in all. */
  static final int MAX_ALERTS = 100;

  private final ObjectMapper json;

  IncidentJson(ObjectMapper json) {
    this.json = json;
  }

  Map<String, Object> summary(Incident i) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", i.id());
    out.put("rule", i.rule().orElse(null));
    out.put("ruleVersion", i.ruleVersion().orElse(null));
    out.put("status", i.status().wire());
    out.put("priority", i.priority().name());
    out.put("alertname", i.alertname());
    out.put("fingerprint", i.fingerprint());
    out.put("startsAt", i.startsAt().toString());
    out.put("alertCount", i.alertCount());
    out.put("firingCount", i.firingCount());
    out.put("group", i.groupLabels());
    out.put("trigger", i.trigger().kind());
    out.put("firstSeen", i.firstSeen().toString());
    out.put("lastSeen", i.lastSeen().toString());
    out.put("createdAt", i.createdAt().toString());
    out.put("updatedAt", i.updatedAt().toString());
    out.put("endedAt", i.endedAt().map(Instant::toString).orElse(null));
    out.put("acknowledgedBy", i.ackedBy().orElse(null));
    return out;
  }

  Map<String, Object> detail(Incident i, List<StoredAlert> alerts, List<TimelineEntry> timeline,
      IncidentStore.Holds holds) {
    Map<String, Object> out = summary(i);
    out.put("targetLocks", holds.locks());
    out.put("approvals", holds.approvals().stream().map(IncidentJson::approval).toList());
    out.put("reports", holds.reports().stream().map(r -> Map.of("id", r.get(0), "title", r.get(1),
        "href", "/api/v1/reports/" + r.get(0))).toList());
    i.trigger().data().ifPresent(d -> out.put("triggerData", parse(d)));
    i.verifyDeadline().ifPresent(d -> out.put("verifyDeadline", d.toString()));
    out.put("alerts", alerts.stream().map(IncidentJson::alert).toList());
    out.put("alertsListed", alerts.size());
    out.put("timeline", timeline.stream().map(this::entry).toList());
    return out;
  }

  private static Map<String, Object> approval(GuardStore.Approval a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", a.stepId());
    out.put("deadline", a.deadline().toString());
    out.put("decision", a.decision().orElse(null));
    out.put("by", a.by().orElse(null));
    return out;
  }

  private static Map<String, Object> alert(StoredAlert stored) {
    Alert a = stored.alert();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("fingerprint", a.fingerprint());
    out.put("status", a.status().wire());
    out.put("startsAt", a.startsAt().toString());
    out.put("endsAt", a.endsAt().map(Instant::toString).orElse(null));
    out.put("value", a.value().isPresent() ? a.value().getAsDouble() : null);
    out.put("labels", a.labels());
    out.put("annotations", a.annotations());
    out.put("generatorURL", a.generatorUrl());
    out.put("receivedAt", stored.receivedAt().toString());
    return out;
  }

  private Map<String, Object> entry(TimelineEntry e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", e.seq());
    out.put("at", e.at().toString());
    out.put("kind", e.kind());
    out.put("message", e.message());
    e.data().ifPresent(d -> out.put("data", parse(d)));
    return out;
  }

  private Object parse(String data) {
    try {
      return json.readTree(data);
    } catch (JsonProcessingException e) {
      return data;
    }
  }
}

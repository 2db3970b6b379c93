package io.runbookd.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import io.runbookd.incident.TimelineEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's JSON shape of incidents and timeline entries. */
final class IncidentJson {
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
    out.put("endsAt", i.endsAt().map(Object::toString).orElse(null));
    out.put("value", i.value().isPresent() ? i.value().getAsDouble() : null);
    out.put("labels", i.labels());
    out.put("createdAt", i.createdAt().toString());
    out.put("updatedAt", i.updatedAt().toString());
    return out;
  }

  Map<String, Object> detail(Incident i, List<TimelineEntry> timeline) {
    Map<String, Object> out = summary(i);
    out.put("annotations", i.annotations());
    out.put("generatorURL", i.generatorUrl());
    out.put("timeline", timeline.stream().map(this::entry).toList());
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

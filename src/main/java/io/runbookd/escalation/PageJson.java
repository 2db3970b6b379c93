package io.runbookd.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.escalation.Page;
import io.runbookd.incident.Priority;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A page as stored in the outbox: plain JSON, read back by the delivery worker. */
final class PageJson {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper json;

  PageJson(ObjectMapper json) {
    this.json = json;
  }

  String write(Page page) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incident", page.incidentId());
    out.put("dedupKey", page.dedupKey());
    out.put("priority", page.priority().name());
    out.put("title", page.title());
    out.put("reason", page.reason());
    out.put("findings", page.findings());
    out.put("actions", page.actions());
    out.put("link", page.link().map(URI::toString).orElse(null));
    out.put("target", page.target());
    out.put("related", page.related());
    page.approval().ifPresent(a -> out.put("approval", approval(a)));
    try {
      return json.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a page always serializes", e);
    }
  }

  /** Reads a stored page; the event comes from the outbox row, not the JSON. */
  Page read(String text, Page.Event event) throws JsonProcessingException {
    Map<String, Object> in = json.readValue(text, MAP);
    return new Page(
        (String) in.get("incident"),
        (String) in.get("dedupKey"),
        event,
        Priority.valueOf((String) in.get("priority")),
        (String) in.get("title"),
        (String) in.get("reason"),
        strings(in.get("findings")),
        strings(in.get("actions")),
        Optional.ofNullable((String) in.get("link")).map(URI::create),
        String.valueOf(in.getOrDefault("target", "")),
        strings(in.get("related")),
        in.get("approval") instanceof Map<?, ?> approval ? Optional.of(approval(approval)) : Optional.empty());
  }

  private static Map<String, Object> approval(Page.Approval approval) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", approval.stepId());
    out.put("willRun", approval.willRun());
    out.put("why", approval.why());
    out.put("deadline", approval.deadline().toEpochMilli());
    approval.ended().ifPresent(e -> out.put("ended", e));
    approval.decidedBy().ifPresent(by -> out.put("decidedBy", by));
    return out;
  }

  private static Page.Approval approval(Map<?, ?> in) {
    return new Page.Approval(String.valueOf(in.get("step")), String.valueOf(in.get("willRun")),
        String.valueOf(in.get("why")), Instant.ofEpochMilli(((Number) in.get("deadline")).longValue()),
        Optional.ofNullable(in.get("ended")).map(String::valueOf),
        Optional.ofNullable(in.get("decidedBy")).map(String::valueOf));
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
  }
}

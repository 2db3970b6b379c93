package io.runbookd.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.Incident;
import java.io.IOException;
import java.util.Map;

/** A run's parameters as its trigger recorded them (bound and checked when the run started). */
final class RunParams {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private RunParams() {}

  static Map<String, Object> of(Incident incident) {
    if (incident.trigger().data().isEmpty()) {
      return Map.of();
    }
    try {
      Object params = JSON.readValue(incident.trigger().data().get(), MAP).get("params");
      return params instanceof Map<?, ?> m ? CelValues.normalize(typed(m)) : Map.of();
    } catch (IOException e) {
      return Map.of();
    }
  }

  private static Map<String, Object> typed(Map<?, ?> raw) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }
}

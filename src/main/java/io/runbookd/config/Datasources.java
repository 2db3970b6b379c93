package io.runbookd.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Binds the map-shaped sections: {@code datasources.NAME.*} and {@code vars.NAME}. */
final class Datasources {
  private Datasources() {}

  static Map<String, RunbookdConfig.Datasource> bind(Binder b) {
    Map<String, RunbookdConfig.Datasource> out = new LinkedHashMap<>();
    if (!(b.raw("datasources").orElse(null) instanceof Map<?, ?> map)) {
      return Map.of();
    }
    for (Object name : map.keySet()) {
      String key = "datasources." + name;
      if (!String.valueOf(name).matches("[A-Za-z][A-Za-z0-9_-]{0,62}")) {
        b.problem(key, "datasource names are letters, digits, '_' and '-'");
        continue;
      }
      String url = b.text(key + ".url", "");
      if (!url.startsWith("jdbc:postgresql:")) {
        b.problem(key + ".url", "is required and must be a jdbc:postgresql: URL");
      }
      out.put(
          String.valueOf(name),
          new RunbookdConfig.Datasource(url, b.text(key + ".user"), b.secret(key + ".password")));
    }
    return Map.copyOf(out);
  }

  static Map<String, String> vars(Binder b) {
    if (!(b.raw("vars").orElse(null) instanceof Map<?, ?> map)) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Object name : map.keySet()) {
      b.text("vars." + name).ifPresent(v -> out.put(String.valueOf(name), v));
    }
    return Map.copyOf(out);
  }
}

package io.runbookd.config;

import io.runbookd.config.RunbookdConfig.Query;
import io.runbookd.config.RunbookdConfig.QueryParam;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds {@code queries.NAME.*}: SQL the operator wrote, which rules may run by name through {@code
 * sql.query} but never change. Each query is checked here, so a bad one stops the daemon at start
 * instead of failing in the middle of an incident.
 */
final class Queries {
  /**
   * The names of the queries {@code sql.query} ships with ({@code io.runbookd.sql.BuiltInQuery},
   * which this package must not see): a configured query may not hide one.
   */
  static final Set<String> BUILT_IN =
      Set.of("connections", "slow_statements", "blocking", "long_transactions", "table_sizes");

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern PARAM =
      Pattern.compile("([a-z][a-z0-9_]{0,62}):(int|number|text)(?:=(.*))?", Pattern.DOTALL);

  private Queries() {}

  static Map<String, Query> bind(Binder b, Set<String> datasources) {
    if (!(b.raw("queries").orElse(null) instanceof Map<?, ?> map)) {
      return Map.of();
    }
    Map<String, Query> out = new LinkedHashMap<>();
    for (Object key : map.keySet()) {
      String name = String.valueOf(key);
      String path = "queries." + name;
      if (!NAME.matcher(name).matches()) {
        b.problem(path, "query names are lower-case letters, digits and '_', at most 63");
      } else if (BUILT_IN.contains(name)) {
        b.problem(path, "is the name of a built-in query; choose another name");
      } else {
        query(b, path, datasources).ifPresent(q -> out.put(name, q));
      }
    }
    return Map.copyOf(out);
  }

  private static Optional<Query> query(Binder b, String path, Set<String> datasources) {
    Optional<String> datasource = b.text(path + ".datasource");
    if (datasource.isPresent() && !datasources.contains(datasource.get())) {
      b.problem(
          path + ".datasource",
          "'"
              + datasource.get()
              + "' is not a configured datasource; configured: "
              + (datasources.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(datasources))));
    }
    List<QueryParam> params = params(b, path + ".params");
    Optional<String> sql = b.text(path + ".sql");
    if (sql.isEmpty()) {
      b.problem(path + ".sql", "is required");
      return Optional.empty();
    }
    SqlText.problem(sql.get(), params.size()).ifPresent(p -> b.problem(path + ".sql", p));
    String description = b.text(path + ".description", "");
    return Optional.of(
        new Query(datasource, SqlText.withoutTrailingSemicolon(sql.get()), params, description));
  }

  private static List<QueryParam> params(Binder b, String key) {
    List<QueryParam> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String item : b.list(key)) {
      Matcher m = PARAM.matcher(item);
      if (!m.matches()) {
        b.problem(
            key,
            "'" + item + "' must be name:type or name:type=default (type: int, number or text)");
        continue;
      }
      QueryParam.Type type = QueryParam.Type.valueOf(m.group(2).toUpperCase(Locale.ROOT));
      Optional<String> fallback = Optional.ofNullable(m.group(3));
      if (fallback.isPresent() && type.parse(fallback.get()).isEmpty()) {
        b.problem(key, "the default of " + m.group(1) + " is not a valid " + type.word());
      }
      if (!seen.add(m.group(1))) {
        b.problem(key, m.group(1) + " is declared twice");
      }
      out.add(new QueryParam(m.group(1), type, fallback));
    }
    return out;
  }
}

package io.runbookd.probes.sql;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Session;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code table_sizes}: how big the datasource's database is ({@code pg_database_size}) and its
 * largest tables, each with its indexes and TOAST ({@code pg_total_relation_size}), largest first:
 * the data size of RB-202's capacity report. Catalog names and sizes only, never a row's content;
 * the row counts are the planner's estimates ({@code reltuples}, -1 for a table never analyzed).
 */
record TableSizesReport(int limit) implements Report {
  static final String DATABASE =
      """
      SELECT pg_database_size(current_database()) AS database_bytes,
             pg_size_pretty(pg_database_size(current_database())) AS database_size""";

  static final String TABLES =
      """
      SELECT n.nspname || '.' || c.relname AS "table",
             pg_total_relation_size(c.oid) AS total_bytes,
             pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size,
             pg_relation_size(c.oid) AS table_bytes,
             pg_indexes_size(c.oid) AS index_bytes,
             c.reltuples::bigint AS rows_estimate,
             count(*) OVER () AS matching
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%'
      ORDER BY pg_total_relation_size(c.oid) DESC, 1
      LIMIT ?""";

  @Override
  public Finding read(Session session, String datasource) throws SQLException {
    Map<String, Object> database = session.select(DATABASE, List.of(), 1).rows().get(0);
    List<Map<String, Object>> rows = session.select(TABLES, List.of((long) limit), limit).rows();
    List<Map<String, Object>> tables = rows.stream()
        .map(r -> Reports.pick(r, "table", "total_bytes", "total_size", "table_bytes", "index_bytes",
            "rows_estimate"))
        .toList();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("database_bytes", Reports.longOf(database.get("database_bytes")));
    data.put("database_size", String.valueOf(database.get("database_size")));
    data.put("tables", tables);
    data.put("count", Reports.matching(rows));
    return new Finding(data, summary(datasource, database, rows));
  }

  private static String summary(String datasource, Map<String, Object> database,
      List<Map<String, Object>> rows) {
    String size = datasource + ": database " + database.get("database_size");
    if (rows.isEmpty()) {
      return size + ", no tables";
    }
    Map<String, Object> largest = rows.get(0);
    return size + ", " + Reports.plural(Reports.matching(rows), "table", "tables") + "; largest "
        + Reports.oneLine(largest.get("table"), 120) + " (" + largest.get("total_size") + ")";
  }
}

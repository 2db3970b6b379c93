package io.runbookd.probes.sql;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code sql.index_bloat} reads: the b-tree indexes of a datasource, optionally of one schema
 * or one table, at least {@code minBytes} large, and reports those whose estimated bloat reaches
 * {@code minRatio}, the most wasted bytes first, at most {@code limit}.
 *
 * @param schema only indexes in this schema
 * @param table only indexes of this table, as {@code to_regclass} reads it (quoted parts)
 */
public record IndexBloatParams(
    String datasource,
    Optional<String> schema,
    Optional<String> table,
    double minRatio,
    long minBytes,
    int limit,
    Duration timeout) {
  public IndexBloatParams {
    Objects.requireNonNull(datasource);
    Objects.requireNonNull(schema);
    Objects.requireNonNull(table);
    Objects.requireNonNull(timeout);
  }

  /**
   * {@code nba_stats}, {@code nba_stats schema stats}, {@code nba_stats table "public"."games"}.
   */
  String scope() {
    return datasource
        + schema.map(s -> " schema " + s).orElse("")
        + table.map(t -> " table " + t.replace("\"", "")).orElse("");
  }
}

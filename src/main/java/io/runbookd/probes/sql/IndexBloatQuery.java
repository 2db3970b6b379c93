package io.runbookd.probes.sql;

/**
 * The bloat estimate of {@code sql.index_bloat}, read from the catalog alone: no index page is
 * read, so it answers at once on any database size, needs no extension, and works for a role that
 * only has {@code pg_monitor} (or less: {@code pg_class}, {@code pg_index}, {@code pg_attribute}
 * and {@code pg_type} are readable by every role).
 *
 * <p>The estimate: a b-tree holds {@code reltuples} leaf tuples of 8 bytes of header plus the key
 * and INCLUDE columns' widths (rounded up to 8), each with a 4-byte line pointer, on pages of
 * {@code block_size} less 24 bytes of page header and 16 of b-tree special space, filled to the
 * index's fillfactor (90 unless set), plus the metapage. What the index has beyond that ({@code
 * relpages}) is the estimated bloat. Both counts are as of the last VACUUM, ANALYZE or build, so
 * deleted rows count as bloat once a (auto)vacuum has run. A column's width is its {@code
 * pg_stats.avg_width} (times the non-null fraction) when the role may read it (SELECT on the column
 * or ownership of the table), else its type's fixed length; a variable-width column with no visible
 * statistics (and an expression column) is assumed {@value #ASSUMED_WIDTH} bytes, and the index is
 * then marked {@code widths_known: false}.
 */
final class IndexBloatQuery {
  static final int ASSUMED_WIDTH = 24;

  static final String SQL =
      """
      WITH candidates AS (
        SELECT n.nspname::text AS schema, c.relname::text AS index_name,
               tn.nspname::text || '.' || t.relname::text AS table_name,
               c.relpages::float8 AS pages, c.reltuples::float8 AS tuples,
               current_setting('block_size')::float8 AS block,
               coalesce((SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o
                         WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
               w.key_width, w.widths_known
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace tn ON tn.oid = t.relnamespace
        JOIN pg_am am ON am.oid = c.relam
        CROSS JOIN LATERAL (
          SELECT coalesce(sum(CASE WHEN st.avg_width IS NOT NULL
                                     THEN st.avg_width * (1 - coalesce(st.null_frac, 0))
                                   WHEN ty.typlen > 0 THEN ty.typlen
                                   ELSE {assumed} END), 0)::float8 AS key_width,
                 coalesce(bool_and(st.avg_width IS NOT NULL OR ty.typlen > 0), true)
                   AS widths_known
          FROM generate_series(0, i.indnatts - 1) AS k
          LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k]
          LEFT JOIN pg_type ty ON ty.oid = a.atttypid
          LEFT JOIN pg_stats st ON st.schemaname = tn.nspname AND st.tablename = t.relname
                               AND st.attname = a.attname) w
        WHERE am.amname = 'btree' AND i.indisvalid AND c.relpages > 0 AND c.reltuples >= 0
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_toast%'
          AND (?::text = '' OR n.nspname = ?::text)
          AND (?::bigint = 0 OR i.indrelid = ?::bigint::oid)),
      estimated AS (
        SELECT *, pages * block AS size_bytes,
               ceil(tuples * (ceil((8 + key_width) / 8) * 8 + 4)
                    / ((block - 40) * fillfactor / 100)) + 1 AS expected_pages
        FROM candidates),
      rated AS (
        SELECT schema || '.' || index_name AS index, table_name AS table, size_bytes::bigint,
               round(greatest(0, 1 - expected_pages / pages)::numeric, 3)::float8
                 AS estimated_bloat_ratio,
               (greatest(0, pages - expected_pages) * block)::bigint AS estimated_bloat_bytes,
               widths_known
        FROM estimated)
      SELECT *, count(*) OVER () AS matching FROM rated
      WHERE size_bytes >= ? AND estimated_bloat_ratio >= ?
      ORDER BY estimated_bloat_bytes DESC, estimated_bloat_ratio DESC, index
      LIMIT ?\
      """
          .replace("{assumed}", String.valueOf(ASSUMED_WIDTH));

  /** The table's oid when it exists and the role may see it; no row otherwise. */
  static final String TABLE =
      "SELECT c.oid::bigint AS oid FROM pg_class c WHERE c.oid = to_regclass(?)";

  /** How many indexes the filters leave at all, over the threshold or not. */
  static final String CHECKED =
      """
      SELECT count(*) AS checked FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_am am ON am.oid = c.relam
      WHERE am.amname = 'btree' AND i.indisvalid AND c.relpages > 0 AND c.reltuples >= 0
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%'
        AND (?::text = '' OR n.nspname = ?::text)
        AND (?::bigint = 0 OR i.indrelid = ?::bigint::oid)\
      """;

  private IndexBloatQuery() {}
}

package io.runbookd.actions.sql;

import java.time.Duration;

/**
 * What {@code sql.reindex_concurrently} rebuilds: one index, {@code idx} or {@code schema.idx} (a
 * qualified name with the same rules as a table's), under a statement and lock timeout.
 */
record ReindexParams(String datasource, TableName index, Duration timeout) {}

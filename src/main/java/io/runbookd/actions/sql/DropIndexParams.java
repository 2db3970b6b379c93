package io.runbookd.actions.sql;

import java.time.Duration;

/** What {@code sql.drop_index_concurrently} drops: index {@code name} of {@code table}. */
record DropIndexParams(String datasource, TableName table, String name, Duration timeout) {}

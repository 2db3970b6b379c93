package io.runbookd.sql;

import java.util.List;
import java.util.Map;

/**
 * What a query returned, column label to value, in the shapes probe data uses: whole numbers as
 * {@code Long}, other numbers as {@code Double}, text (clipped), {@code Boolean}, arrays as lists,
 * timestamps as ISO-8601 text, SQL NULL as {@code null}.
 *
 * @param truncated more rows matched than were read
 */
public record Rows(List<Map<String, Object>> rows, boolean truncated) {
  public Rows {
    rows = List.copyOf(rows);
  }
}

package io.runbookd.probes.sql;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The finding of {@code sql.index_bloat}: the indexes over the threshold and one summary line. */
final class IndexBloatReport {
  private IndexBloatReport() {}

  static Finding finding(IndexBloatParams p, Rows rows, long checked) {
    List<Map<String, Object>> indexes = rows.rows().stream().map(IndexBloatReport::index).toList();
    long over = indexes.isEmpty() ? 0 : Reports.longOf(rows.rows().get(0).get("matching"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("indexes", indexes);
    data.put("over_threshold", over);
    data.put("checked", checked);
    data.put("worst_index", indexes.isEmpty() ? "" : indexes.get(0).get("index"));
    data.put(
        "worst_ratio",
        indexes.stream().mapToDouble(i -> (Double) i.get("estimated_bloat_ratio")).max().orElse(0));
    return new Finding(data, summary(p, indexes, over, checked));
  }

  private static Map<String, Object> index(Map<String, Object> row) {
    return Reports.pick(
        row,
        "index",
        "table",
        "size_bytes",
        "estimated_bloat_ratio",
        "estimated_bloat_bytes",
        "widths_known");
  }

  private static String summary(
      IndexBloatParams p, List<Map<String, Object>> indexes, long over, long checked) {
    String head =
        String.format(
            Locale.ROOT,
            "%s: %d of %s of at least %d MiB have an estimated bloat of %d%% or more",
            p.scope(),
            over,
            Reports.plural(checked, "b-tree index", "b-tree indexes"),
            p.minBytes() / IndexBloat.MB,
            Math.round(p.minRatio() * 100));
    if (indexes.isEmpty()) {
      return head;
    }
    return head
        + ": "
        + indexes.stream()
            .limit(5)
            .map(IndexBloatReport::describe)
            .collect(Collectors.joining(", "));
  }

  private static String describe(Map<String, Object> index) {
    return String.format(
        Locale.ROOT,
        "%s %d%% (%s of %s)",
        index.get("index"),
        Math.round((Double) index.get("estimated_bloat_ratio") * 100),
        bytes((Long) index.get("estimated_bloat_bytes")),
        bytes((Long) index.get("size_bytes")));
  }

  static String bytes(long n) {
    if (n >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
    }
    return n >= IndexBloat.MB ? (n / IndexBloat.MB) + " MiB" : (n >> 10) + " KiB";
  }
}

package io.runbookd.runs;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.runbookd.sql.TestDatasources;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * What counts as a write at each system a drill reaches. Over HTTP every request that is not a GET
 * is a write, except the reads that the vendor's protocol sends as POST, listed here one by one;
 * in PostgreSQL, a write shows as an index rebuilt, created or dropped, or a VACUUM or ANALYZE run.
 */
final class Writes {
  /** The reads sent as POST: by path, by {@code X-Amz-Target}, or by AWS Query action. */
  static final Set<String> POSTED_READS = Set.of(
      "/api/v1/query", // Prometheus accepts a query as a form POST
      "/api/v1/query_range",
      "/service/GraniteServiceVersion20100801/operation/GetMetricStatistics", // CloudWatch, RPC v2 CBOR
      "AWSInsightsIndexService.GetCostAndUsage", // Cost Explorer, JSON 1.1
      "secretsmanager.ListSecrets", // metadata only, never a value
      "secretsmanager.DescribeSecret",
      "Action=DescribeDBSnapshots", // RDS, AWS Query
      "/api/2.0/mlflow/registered-models/get-latest-versions"); // MLflow 2.x: a POST that reads

  private Writes() {}

  /** The requests {@code server} received that may have changed something, {@code "POST /path what"}. */
  static List<String> to(WireMockServer server) {
    return server.findAll(anyRequestedFor(anyUrl())).stream().filter(r -> !read(r)).map(Writes::describe).toList();
  }

  private static boolean read(LoggedRequest r) {
    String method = r.getMethod().getName();
    if (method.equals("GET") || method.equals("HEAD")) {
      return true;
    }
    return method.equals("POST") && (POSTED_READS.contains(r.getUrl().replaceFirst("\\?.*", ""))
        || POSTED_READS.contains(String.valueOf(r.getHeader("X-Amz-Target")))
        || POSTED_READS.contains(action(r)));
  }

  private static String action(LoggedRequest r) {
    return r.getBodyAsString().replaceFirst("^(Action=[A-Za-z]+).*$", "$1");
  }

  private static String describe(LoggedRequest r) {
    String target = r.getHeader("X-Amz-Target");
    return r.getMethod().getName() + " " + r.getUrl() + " " + (target != null ? target : action(r));
  }

  /**
   * What a write to nba_stats would change: every index with the file it lives in (a REINDEX or
   * CREATE INDEX changes the list), and what VACUUM and ANALYZE write into each table's catalog row
   * at once (pages, tuples, all-visible pages), besides their counts, which the statistics collector
   * may report late.
   */
  static String database(String url) throws SQLException {
    try (Connection c = TestDatasources.connect(url);
        Statement s = c.createStatement()) {
      return rows(s, "SELECT relname || '@' || relfilenode FROM pg_class WHERE relkind = 'i'"
          + " AND relnamespace = 'public'::regnamespace ORDER BY relname")
          + rows(s, "SELECT relname || ' pages ' || relpages || ', tuples ' || reltuples || ', all-visible '"
          + " || relallvisible FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
          + " ORDER BY relname")
          + rows(s, "SELECT relname || ' vacuumed ' || vacuum_count || ', analyzed ' || analyze_count"
          + " FROM pg_stat_user_tables ORDER BY relname");
    }
  }

  private static String rows(Statement s, String sql) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (ResultSet rows = s.executeQuery(sql)) {
      while (rows.next()) {
        out.append(rows.getString(1)).append('\n');
      }
    }
    return out.toString();
  }
}

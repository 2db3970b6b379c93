package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.probes.Finding;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** blocking and long_transactions against real sessions of a real PostgreSQL. */
class SqlQuerySessionsTest {
  private static String url;
  private static Datasources datasources;
  private static SqlQuery probe;

  @BeforeAll
  static void database() {
    url = Postgres.newDatabase();
    datasources = TestDatasources.of("nba_stats", url);
    probe = new SqlQuery(datasources, new NamedQueries(Map.of()));
  }

  @AfterAll
  static void close() {
    datasources.close();
  }

  private static Finding run(String query, Object... more) throws Exception {
    return SqlProbeRunner.run(probe, "nba_stats", query, more);
  }

  @Test
  void findsTheWaiterAndTheSessionBlockingIt() throws Exception {
    try (LockScenario lock = LockScenario.start(url)) {
      Finding finding = run("blocking");

      Map<String, Object> chain = byPid(finding.data().get("chains"), lock.waiterPid);
      assertThat(chain)
          .containsEntry("blocked_by", List.of(lock.holderPid))
          .containsEntry("usename", "postgres")
          .containsKey("wait_seconds");
      assertThat((String) chain.get("query")).startsWith("UPDATE accounts SET balance = 2");
      Map<String, Object> blocker = byPid(finding.data().get("blockers"), lock.holderPid);
      assertThat(blocker)
          .containsEntry("state", "idle in transaction")
          .containsEntry("blocks", 1L)
          .containsEntry("waiting", false);
      assertThat((String) blocker.get("backend_start")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat((Long) finding.data().get("blocked")).isPositive();
      assertThat(list(finding.data().get("root_blockers"))).contains(lock.holderPid);
      assertThat(finding.summary())
          .startsWith("nba_stats: 1 session blocked by 1 session; longest wait ")
          .contains(
              "root blocker pid " + lock.holderPid + " (idle in transaction, transaction open");
    }
  }

  @Test
  void recordsNoStatementTextOfTheSessionsButTheirPids() throws Exception {
    try (LockScenario lock = LockScenario.start(url)) {
      Finding finding = run("blocking");
      io.runbookd.redact.Redactor redactor = io.runbookd.redact.Redactor.of(probe.info());

      Map<String, Object> recorded = redactor.data(finding.data());

      assertThat(recorded.toString()).doesNotContain("UPDATE accounts");
      assertThat(byPid(recorded.get("chains"), lock.waiterPid))
          .containsEntry("query", io.runbookd.redact.Redactor.MARK);
      assertThat(byPid(recorded.get("blockers"), lock.holderPid))
          .containsEntry("state", "idle in transaction");
      assertThat(recorded.get("root_blockers")).isEqualTo(finding.data().get("root_blockers"));
    }
  }

  @Test
  void noWaitIsAnAnswerNotAnError() throws Exception {
    Finding finding = run("blocking");

    assertThat(finding.data())
        .containsEntry("blocked", 0L)
        .containsEntry("chains", List.of())
        .containsEntry("root_blockers", List.of());
    assertThat(finding.summary())
        .isEqualTo("nba_stats: no session waits for a lock held by another");
  }

  @Test
  void listsAnIdleTransactionButNotItsOwnSession() throws Exception {
    try (Connection idle = TestDatasources.connect(url)) {
      idle.setAutoCommit(false);
      try (Statement s = idle.createStatement()) {
        s.execute("SELECT 1");
      }
      long pid = TestDatasources.pid(idle);

      Finding finding = run("long_transactions", "min_seconds", 0L);

      Map<String, Object> tx = byPid(finding.data().get("transactions"), pid);
      assertThat(tx)
          .containsEntry("state", "idle in transaction")
          .containsEntry("datname", dbName());
      assertThat((Double) tx.get("xact_age_seconds")).isNotNegative();
      assertThat((Long) finding.data().get("count")).isPositive();
      assertThat(list(finding.data().get("transactions")))
          .noneMatch(t -> "runbookd".equals(map(t).get("application_name")));
      assertThat(finding.summary()).contains("open for 0 s or more; oldest ");
      idle.rollback();
    }
  }

  @Test
  void leavesOutTransactionsYoungerThanTheThreshold() throws Exception {
    try (Connection idle = TestDatasources.connect(url)) {
      idle.setAutoCommit(false);
      try (Statement s = idle.createStatement()) {
        s.execute("SELECT 1");
      }

      Finding finding = run("long_transactions", "min_seconds", 3600L);

      assertThat(finding.data()).containsEntry("count", 0L).containsEntry("oldest_seconds", 0.0);
      assertThat(finding.summary()).isEqualTo("nba_stats: no transaction open for 3600 s or more");
      idle.rollback();
    }
  }

  @Test
  void reportsOnlySessionsOfTheDatasourcesDatabase() throws Exception {
    try (Connection elsewhere = TestDatasources.connect(Postgres.newDatabase())) {
      elsewhere.setAutoCommit(false);
      try (Statement s = elsewhere.createStatement()) {
        s.execute("SELECT 1");
      }

      Finding finding = run("long_transactions", "min_seconds", 0L);

      long pid = TestDatasources.pid(elsewhere);
      assertThat(list(finding.data().get("transactions")))
          .noneMatch(t -> Long.valueOf(pid).equals(map(t).get("pid")));
      elsewhere.rollback();
    }
  }

  private static String dbName() {
    return url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
  }

  private static Map<String, Object> byPid(Object items, long pid) {
    return list(items).stream()
        .map(SqlQuerySessionsTest::map)
        .filter(m -> Long.valueOf(pid).equals(m.get("pid")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("pid " + pid + " not in " + items));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}

package io.runbookd.actions.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runbookd.actions.Outcome;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.probes.Finding;
import io.runbookd.probes.sql.SqlQuery;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.NamedQueries;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sql.terminate_backend against real sessions of a real PostgreSQL, as a non-superuser. */
class TerminateBackendTest {
  private static String url;
  private static SqlWriters writers;
  private static Datasources readers;
  private static TerminateBackend terminate;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    Pg.roles(url);
    TestDatasources.execute(
        url,
        "CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
        "INSERT INTO accounts VALUES (1, 0)",
        "GRANT SELECT, UPDATE ON accounts TO rb_app");
    writers = Pg.writers(url, "rb_actor", "actor");
    readers = new Datasources(Map.of(Pg.DATASOURCE, Pg.as(url, "rb_actor", "actor")));
    terminate = new TerminateBackend(writers);
  }

  @AfterAll
  static void close() {
    writers.close();
    readers.close();
  }

  private static TerminateParams params(long pid, String backendStart, String reason, Long min)
      throws Exception {
    Map<String, Object> raw = new HashMap<>();
    raw.put("datasource", Pg.DATASOURCE);
    raw.put("pid", pid);
    raw.put("backend_start", backendStart);
    raw.put("reason", reason);
    if (min != null) {
      raw.put("min_seconds", min);
    }
    return Pg.bind(terminate, raw);
  }

  private static Connection app() throws Exception {
    return Pg.connect(url, "rb_app", "app", "nba-mcp");
  }

  @Test
  void terminatesTheBlockerTheProbeReportsAndTheWaiterProceeds() throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection holder = app();
        Connection waiter = app()) {
      Pg.idleInTransaction(holder);
      try (Statement s = holder.createStatement()) {
        s.executeUpdate("UPDATE accounts SET balance = 1 WHERE id = 1");
      }
      Future<Integer> waiting = thread.submit(() -> update(waiter));
      Map<String, Object> blocker = awaitBlocker();

      Outcome outcome =
          terminate.execute(
              params(
                  (Long) blocker.get("pid"),
                  (String) blocker.get("backend_start"),
                  "blocking",
                  null));

      assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
      assertThat(outcome.detail()).contains("user rb_app").contains("confirmed gone");
      assertThat(outcome.data())
          .containsEntry("pid", blocker.get("pid"))
          .containsEntry("reason", "blocking")
          .containsEntry("state", "idle in transaction");
      assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(holder.isValid(2)).isFalse();
    } finally {
      thread.shutdownNow();
    }
  }

  private static int update(Connection waiter) throws Exception {
    try (Statement s = waiter.createStatement()) {
      s.execute("SET statement_timeout = '30s'");
      return s.executeUpdate("UPDATE accounts SET balance = 2 WHERE id = 1");
    }
  }

  /** The root blocker as the {@code blocking} built-in reports it (pid and backend_start). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> awaitBlocker() throws Exception {
    SqlQuery probe = new SqlQuery(readers, new NamedQueries(Map.of()));
    Map<String, Object> raw = Map.of("datasource", Pg.DATASOURCE, "query", "blocking");
    Finding[] finding = new Finding[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              finding[0] = probe.run(probe.bind(ParamBinder.bind(probe.info().params(), raw)));
              return !((List<?>) finding[0].data().get("root_blockers")).isEmpty();
            });
    return ((List<Map<String, Object>>) finding[0].data().get("blockers")).get(0);
  }

  @Test
  void terminatesALongIdleTransaction() throws Exception {
    try (Connection idle = app()) {
      Pg.idleInTransaction(idle);
      long pid = TestDatasources.pid(idle);
      TerminateParams p = params(pid, Pg.backendStart(url, pid), "long_running", 0L);

      assertThat(terminate.recheck(p, Instant.now()).status())
          .isEqualTo(Outcome.Status.NOT_APPLIED);
      Outcome outcome = terminate.execute(p);

      assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
      assertThat(Pg.alive(url, pid)).isFalse();
      assertThat(terminate.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.DONE);
      assertThat(terminate.execute(p).status()).isEqualTo(Outcome.Status.NOT_NEEDED);
    }
  }

  @Test
  void refusesASuperuserSession() throws Exception {
    try (Connection superuser = TestDatasources.connect(url)) {
      Pg.idleInTransaction(superuser);
      long pid = TestDatasources.pid(superuser);

      Outcome outcome =
          terminate.execute(params(pid, Pg.backendStart(url, pid), "long_running", 0L));

      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.detail()).startsWith("refused: ").contains("superuser session");
      assertThat(Pg.alive(url, pid)).isTrue();
    }
  }

  @Test
  void refusesRunbookdsOwnSessions() throws Exception {
    try (Connection own = Pg.connect(url, "rb_app", "app", Datasources.APPLICATION_NAME)) {
      Pg.idleInTransaction(own);
      long pid = TestDatasources.pid(own);

      Outcome outcome =
          terminate.execute(params(pid, Pg.backendStart(url, pid), "long_running", 0L));

      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.detail()).contains("runbookd's own session");
      assertThat(Pg.alive(url, pid)).isTrue();
    }
  }

  @Test
  void leavesAReusedPidAlone() throws Exception {
    try (Connection idle = app()) {
      Pg.idleInTransaction(idle);
      long pid = TestDatasources.pid(idle);
      String earlier = Instant.parse(Pg.backendStart(url, pid)).minusSeconds(3600).toString();

      Outcome outcome = terminate.execute(params(pid, earlier, "long_running", 0L));

      assertThat(outcome.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
      assertThat(outcome.detail()).contains("is gone");
      assertThat(Pg.alive(url, pid)).isTrue();
    }
  }

  @Test
  void leavesASessionThatNoLongerMeetsTheReason() throws Exception {
    try (Connection idle = app()) {
      Pg.idleInTransaction(idle);
      long pid = TestDatasources.pid(idle);
      String start = Pg.backendStart(url, pid);

      Outcome notBlocking = terminate.execute(params(pid, start, "blocking", null));
      Outcome young = terminate.execute(params(pid, start, "long_running", 3600L));

      assertThat(notBlocking.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
      assertThat(notBlocking.detail()).contains("no longer blocks another session");
      assertThat(young.status()).isEqualTo(Outcome.Status.NOT_NEEDED);
      assertThat(young.detail()).contains("less than 3600 s");
      assertThat(Pg.alive(url, pid)).isTrue();
    }
  }

  @Test
  void withoutPgMonitorItRefusesInsteadOfCallingTheSessionGone() throws Exception {
    try (SqlWriters blind = Pg.writers(url, "rb_blind", "blind");
        Connection idle = app()) {
      Pg.idleInTransaction(idle);
      long pid = TestDatasources.pid(idle);
      TerminateBackend action = new TerminateBackend(blind);
      TerminateParams p =
          Pg.bind(
              action,
              Map.of(
                  "datasource",
                  Pg.DATASOURCE,
                  "pid",
                  pid,
                  "backend_start",
                  Pg.backendStart(url, pid),
                  "reason",
                  "long_running",
                  "min_seconds",
                  0L));

      Outcome outcome = action.execute(p);

      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.detail()).contains("pg_monitor");
      assertThat(action.recheck(p, Instant.now()).status()).isEqualTo(Outcome.Status.UNKNOWN);
      assertThat(Pg.alive(url, pid)).isTrue();
    }
  }
}

package io.runbookd.probes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runbookd.config.RunbookdConfig;
import io.runbookd.config.Secret;
import io.runbookd.plugin.ParamBinder;
import io.runbookd.plugin.RefusedException;
import io.runbookd.probes.Finding;
import io.runbookd.sql.Datasources;
import io.runbookd.sql.TestDatasources;
import io.runbookd.testing.Postgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * sql.index_bloat against a real PostgreSQL: an index bloated on purpose (nine rows in ten deleted,
 * then vacuumed) against a freshly built one, read as a role that only has pg_monitor.
 */
class IndexBloatTest {
  private static String url;
  private static Datasources monitor;
  private static Datasources owner;
  private static IndexBloat probe;
  private static IndexBloat asOwner;

  @BeforeAll
  static void database() throws Exception {
    url = Postgres.newDatabase();
    TestDatasources.execute(
        url,
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rb_mon') THEN"
            + " CREATE ROLE rb_mon LOGIN PASSWORD 'mon' IN ROLE pg_monitor; END IF; END $$",
        "CREATE TABLE bloated (id int, v int, note text)",
        "CREATE TABLE fresh (id int, v int, note text)",
        "INSERT INTO bloated SELECT g, g, 'note ' || g FROM generate_series(1, 200000) g",
        "INSERT INTO fresh SELECT g, g, 'note ' || g FROM generate_series(1, 200000) g",
        "CREATE INDEX bloated_v ON bloated (v)",
        "CREATE INDEX fresh_v ON fresh (v)",
        "CREATE INDEX fresh_note ON fresh (note)",
        "DELETE FROM bloated WHERE id % 10 <> 0",
        "VACUUM ANALYZE bloated",
        "ANALYZE fresh");
    monitor = new Datasources(Map.of("nba_stats", as("rb_mon", "mon")));
    owner = new Datasources(Map.of("nba_stats", as("postgres", "postgres")));
    probe = new IndexBloat(monitor);
    asOwner = new IndexBloat(owner);
  }

  private static RunbookdConfig.Datasource as(String user, String password) {
    String plain = url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?'));
    return new RunbookdConfig.Datasource(
        plain, Optional.of(user), Optional.of(Secret.of(password)));
  }

  @AfterAll
  static void close() {
    monitor.close();
    owner.close();
  }

  private static Finding run(IndexBloat p, Object... more) throws Exception {
    return p.run(p.bind(ParamBinder.bind(p.info().params(), raw(more))));
  }

  private static Map<String, Object> raw(Object... more) {
    Map<String, Object> raw = new HashMap<>(Map.of("datasource", "nba_stats", "min_size_mb", 0));
    for (int i = 0; i < more.length; i += 2) {
      raw.put((String) more[i], more[i + 1]);
    }
    return raw;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> indexes(Finding f) {
    return (List<Map<String, Object>>) f.data().get("indexes");
  }

  @Test
  void findsTheBloatedIndexAndNotTheFreshOne() throws Exception {
    Finding f = run(probe);

    assertThat(indexes(f)).extracting(i -> i.get("index")).containsExactly("public.bloated_v");
    Map<String, Object> bloated = indexes(f).get(0);
    assertThat((Double) bloated.get("estimated_bloat_ratio")).isBetween(0.8, 0.95);
    assertThat((Long) bloated.get("estimated_bloat_bytes")).isGreaterThan(3_000_000L);
    assertThat(bloated)
        .containsEntry("table", "public.bloated")
        .containsEntry("widths_known", true);
    assertThat(f.data())
        .containsEntry("over_threshold", 1L)
        .containsEntry("checked", 3L)
        .containsEntry("worst_index", "public.bloated_v");
    assertThat(f.summary())
        .startsWith(
            "nba_stats: 1 of 3 b-tree indexes of at least 0 MiB have an estimated bloat"
                + " of 30% or more: public.bloated_v ");
  }

  @Test
  void freshIndexesEstimateNearZero() throws Exception {
    Finding f = run(asOwner, "table", "fresh", "min_ratio", 0.0);

    assertThat(indexes(f))
        .extracting(i -> i.get("index"))
        .containsExactlyInAnyOrder("public.fresh_v", "public.fresh_note");
    assertThat(indexes(f))
        .allSatisfy(i -> assertThat((Double) i.get("estimated_bloat_ratio")).isLessThan(0.15));
    assertThat(indexes(f)).allSatisfy(i -> assertThat(i).containsEntry("widths_known", true));
  }

  @Test
  void withoutColumnStatisticsATextKeyIsMarkedAssumed() throws Exception {
    Finding f = run(probe, "table", "public.fresh", "min_ratio", 0.0);

    assertThat(indexes(f))
        .filteredOn(i -> i.get("index").equals("public.fresh_note"))
        .singleElement()
        .satisfies(i -> assertThat(i).containsEntry("widths_known", false));
  }

  @Test
  void thresholdAndSizeFilterAndAnEmptyAnswerStillCounts() throws Exception {
    Finding none = run(probe, "min_ratio", 0.99);
    Finding big = run(probe, "min_size_mb", 1000);

    assertThat(indexes(none)).isEmpty();
    assertThat(none.data())
        .containsEntry("over_threshold", 0L)
        .containsEntry("checked", 3L)
        .containsEntry("worst_index", "");
    assertThat(indexes(big)).isEmpty();
  }

  @Test
  void anUnknownTableIsRefused() {
    assertThatThrownBy(() -> run(probe, "table", "players"))
        .isInstanceOf(RefusedException.class)
        .hasMessage("table public.players does not exist in nba_stats".replace("public.", ""));
  }

  @Test
  void refusesCraftedParameters() {
    assertThat(problems("table", "games; DROP TABLE x"))
        .singleElement()
        .asString()
        .startsWith("table: ");
    assertThat(problems("table", "Games")).hasSize(1);
    assertThat(problems("schema", "public'--")).hasSize(1);
    assertThat(problems("datasource", "other"))
        .singleElement()
        .asString()
        .contains("unknown datasource 'other'");
    assertThat(problems("min_ratio", 1.5)).hasSize(1);
    assertThat(problems("limit", 1000)).hasSize(1);
    assertThat(problems("timeout", "1m")).hasSize(1);
    assertThatThrownBy(
            () ->
                probe.bind(
                    ParamBinder.bind(
                        probe.info().params(), raw("schema", "stats", "table", "public.games"))))
        .hasMessageContaining("table: names its schema");
  }

  private static List<String> problems(String key, Object value) {
    return ParamBinder.problems(probe.info().params(), raw(key, value));
  }
}

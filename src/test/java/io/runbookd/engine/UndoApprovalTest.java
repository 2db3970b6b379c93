package io.runbookd.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.runbookd.actions.Action;
import io.runbookd.actions.sql.CreateIndexConcurrently;
import io.runbookd.actions.sql.DropIndexConcurrently;
import io.runbookd.config.Mode;
import io.runbookd.config.Secret;
import io.runbookd.escalation.LogPager;
import io.runbookd.escalation.Pagers;
import io.runbookd.escalation.pagers.SlackPager;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.sql.SqlWriters;
import io.runbookd.sql.TestDatasources;
import io.runbookd.store.GuardStore;
import io.runbookd.testing.StoreKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The undo of a reversible action can itself be permanent: RB-102's index, built concurrently,
 * is taken back with DROP INDEX CONCURRENTLY, which nothing undoes. Against a real PostgreSQL
 * {@code nba_stats}, that undo waits for a human like any permanent action, and runs once approved.
 */
class UndoApprovalTest {
  private static final String SLACK = "/services/T000/B000/XXXX";
  private static final String INDEX = "idx_games_season";
  private static final String RULE = """
      id: RB-I
      title: an index that did not help
      match:
        alertname: HighErrorRate
      remediate:
        - id: index
          action: sql.create_index_concurrently
          params: {datasource: nba_stats, table: games, columns: [season]}
      verify:
        probe: prometheus.query
        params: {query: 'error_ratio'}
        condition: result.value < 0.01
        within: 5m
      escalate:
        pagers: [log]
      """;

  @TempDir Path dir;
  private WireMockServer wire;
  private NbaStatsDatabase nbaStats;
  private SqlWriters writers;

  @BeforeEach
  void start() throws Exception {
    wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wire.start();
    wire.stubFor(post(urlEqualTo(SLACK)).willReturn(aResponse().withStatus(200).withBody("ok")));
    wire.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\",\"data\":"
            + "{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1760270400,\"0.5\"]}]}}")));
    nbaStats = NbaStatsDatabase.small();
    writers = new SqlWriters(Map.of("nba_stats", TestDatasources.postgres(nbaStats.url)));
  }

  @AfterEach
  void stop() {
    writers.close();
    wire.stop();
  }

  private List<Action<?>> withIndexes(List<Action<?>> actions) {
    List<Action<?>> out = new ArrayList<>(actions);
    out.add(new CreateIndexConcurrently(writers));
    out.add(new DropIndexConcurrently(writers));
    return out;
  }

  private long indexes() throws Exception {
    return TestDatasources.count(nbaStats.url, "SELECT count(*) FROM pg_class WHERE relname = '" + INDEX + "'");
  }

  private List<String> slackTexts() {
    return wire.findAll(postRequestedFor(urlEqualTo(SLACK))).stream().map(r -> r.getBodyAsString()).toList();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPermanentUndoWaitsForApprovalIsAskedOnceAndRunsOnlyOnceApproved(StoreKind kind) throws Exception {
    try (EngineHarness h = new EngineHarness(kind.config(dir), dir, Mode.ENFORCE, List.of(RULE),
        this::withIndexes, URI.create(wire.baseUrl()))) {
      h.pagers = new Pagers(List.of(new LogPager(), new SlackPager(Secret.of(wire.baseUrl() + SLACK), true,
          HttpClient.newHttpClient(), Duration.ofSeconds(2))));
      h.restart();
      String id = h.open(Map.of());
      h.runDue();
      assertThat(indexes()).as(h.messages(id)).isEqualTo(1);

      h.clock.advance(Duration.ofMinutes(6));
      h.runDue();
      h.clock.advance(Duration.ofMinutes(1));
      h.store.write(tx -> {
        h.incidents().reschedule(tx, id, tx.now());
        return null;
      });
      h.runDue();

      assertThat(indexes()).as("not dropped without a human").isEqualTo(1);
      GuardStore.Approval asked = h.guards().approval(id, "undo:index").orElseThrow();
      assertThat(asked.decision()).isEmpty();
      assertThat(h.messages(id)).contains("undo of index waits for approval").contains("it cannot be undone")
          .doesNotContain("undo_done");
      assertThat(slackTexts()).as("asked once, with buttons").hasSize(1)
          .allSatisfy(body -> assertThat(body).contains("runbookd_approve").contains(INDEX));
      assertThat(h.status(id)).isEqualTo(IncidentStatus.VERIFYING);

      h.decide(id, "approved", "alice");
      h.runDue();

      assertThat(indexes()).as(h.messages(id)).isZero();
      assertThat(h.messages(id)).containsOnlyOnce("undo_started").contains("undo_done");
      assertThat(h.status(id)).isEqualTo(IncidentStatus.ESCALATED);
    }
  }
}

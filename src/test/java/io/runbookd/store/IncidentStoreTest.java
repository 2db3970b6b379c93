package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentDraft;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.testing.StoreKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same store behaviour, checked against the embedded H2 file and a real PostgreSQL. */
class IncidentStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant START = Instant.parse("2025-10-12T14:03:27.117Z");

  @TempDir Path dir;
  private Store store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  private IncidentWriter open(StoreKind kind) {
    store = Store.open(kind.config(dir));
    return new IncidentWriter(store.dialect(), Clock.fixed(NOW, ZoneOffset.UTC), JSON);
  }

  private List<IntakeOutcome> write(IncidentWriter writer, IncidentDraft... drafts)
      throws SQLException {
    try (Connection c = store.connection()) {
      c.setAutoCommit(false);
      List<IntakeOutcome> outcomes = writer.apply(c, List.of(drafts));
      c.commit();
      return outcomes;
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void storesOneIncidentPerEpisode(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);

    List<IntakeOutcome> first = write(writer, draft("fp1", START, Alert.Status.FIRING));
    List<IntakeOutcome> again = write(writer, draft("fp1", START, Alert.Status.FIRING));
    List<IntakeOutcome> nextEpisode =
        write(writer, draft("fp1", START.plusSeconds(3600), Alert.Status.FIRING));

    assertThat(first).containsExactly(IntakeOutcome.CREATED);
    assertThat(again).containsExactly(IntakeOutcome.DUPLICATE);
    assertThat(nextEpisode).containsExactly(IntakeOutcome.CREATED);
    assertThat(reader().count()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void keepsNanosecondStartsAtApartAndExact(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);
    Instant a = Instant.parse("2025-10-12T14:03:27.123456789Z");
    Instant b = Instant.parse("2025-10-12T14:03:27.123456788Z");

    write(writer, draft("fp1", a, Alert.Status.FIRING), draft("fp1", b, Alert.Status.FIRING));

    List<Incident> all = reader().list(IncidentFilter.all());
    assertThat(all).extracting(Incident::startsAt).containsExactlyInAnyOrder(a, b);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void resolvedDeliveryClosesTheIncidentOnce(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);
    write(writer, draft("fp1", START, Alert.Status.FIRING));

    List<IntakeOutcome> resolved = write(writer, draft("fp1", START, Alert.Status.RESOLVED));
    List<IntakeOutcome> again = write(writer, draft("fp1", START, Alert.Status.RESOLVED));

    assertThat(resolved).containsExactly(IntakeOutcome.RESOLVED);
    assertThat(again).containsExactly(IntakeOutcome.DUPLICATE);
    String id = draft("fp1", START, Alert.Status.FIRING).incidentId();
    assertThat(reader().get(id).orElseThrow().status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(reader().timeline(id))
        .extracting(TimelineEntry::kind)
        .containsExactly("received", "matched", "resolved");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void firstSeenResolvedIsStoredResolved(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);

    List<IntakeOutcome> outcome = write(writer, draft("fp9", START, Alert.Status.RESOLVED));

    assertThat(outcome).containsExactly(IntakeOutcome.RESOLVED);
    Incident incident = reader().list(IncidentFilter.all()).get(0);
    assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void listsNewestFirstWithFiltersAndLimit(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);
    write(writer, draft("a", START, Alert.Status.FIRING));
    write(writer, unmatched("b"));
    write(writer, draft("c", START, Alert.Status.FIRING));

    IncidentReader reader = reader();

    assertThat(reader.list(IncidentFilter.all())).extracting(Incident::fingerprint)
        .containsExactly("c", "b", "a");
    assertThat(reader.list(filter(Optional.of(IncidentStatus.UNMATCHED), Optional.empty(), 100)))
        .extracting(Incident::fingerprint).containsExactly("b");
    assertThat(reader.list(filter(Optional.empty(), Optional.of("RB-101"), 1)))
        .extracting(Incident::fingerprint).containsExactly("c");
    assertThat(reader.list(new IncidentFilter(Optional.empty(), Optional.empty(), Optional.of("a"), 10)))
        .extracting(Incident::rule).containsExactly(Optional.of("RB-101"));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void roundTripsLabelsAnnotationsAndValue(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);
    IncidentDraft draft = draft("fp1", START, Alert.Status.FIRING);

    write(writer, draft);

    Incident incident = reader().get(draft.incidentId()).orElseThrow();
    assertThat(incident.labels()).isEqualTo(draft.alert().labels());
    assertThat(incident.annotations()).containsEntry("value", "0.12");
    assertThat(incident.value().getAsDouble()).isEqualTo(0.12);
    assertThat(incident.priority()).isEqualTo(Priority.P1);
    assertThat(incident.ruleVersion()).contains("v1");
    assertThat(incident.createdAt()).isEqualTo(NOW);
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "POSTGRES")
  void concurrentWritersOfOneEpisodeMakeOneRow(StoreKind kind) throws Exception {
    IncidentWriter writer = open(kind);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<IntakeOutcome>>> results =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  50, () -> write(writer, draft("same", START, Alert.Status.FIRING))),
              60,
              TimeUnit.SECONDS);

      long created = 0;
      for (Future<List<IntakeOutcome>> r : results) {
        created += r.get().stream().filter(o -> o == IntakeOutcome.CREATED).count();
      }
      assertThat(created).isEqualTo(1);
      assertThat(reader().count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private IncidentReader reader() {
    return new IncidentReader(store, JSON);
  }

  private static IncidentFilter filter(Optional<IncidentStatus> status, Optional<String> rule, int limit) {
    return new IncidentFilter(status, rule, Optional.empty(), limit);
  }

  static IncidentDraft draft(String fingerprint, Instant startsAt, Alert.Status status) {
    Alert alert =
        new Alert(
            status,
            Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp", "severity", "critical"),
            Map.of("value", "0.12"),
            startsAt,
            status == Alert.Status.RESOLVED ? Optional.of(startsAt.plusSeconds(600)) : Optional.empty(),
            "http://prometheus/graph",
            fingerprint);
    return new IncidentDraft(
        alert, Optional.of("RB-101"), Optional.of("v1"), "matched RB-101", Priority.P1);
  }

  static IncidentDraft unmatched(String fingerprint) {
    Alert alert =
        new Alert(
            Alert.Status.FIRING,
            Map.of("alertname", "Other", "severity", "warning"),
            Map.of(),
            START,
            Optional.empty(),
            "",
            fingerprint);
    return new IncidentDraft(alert, Optional.empty(), Optional.empty(), "no rule", Priority.P2);
  }
}

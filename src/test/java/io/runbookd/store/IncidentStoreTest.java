package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.AlertDraft;
import io.runbookd.incident.GroupKey;
import io.runbookd.incident.Incident;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.incident.Priority;
import io.runbookd.incident.TimelineEntry;
import io.runbookd.metrics.Metrics;
import io.runbookd.store.Intake.Result.Kind;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The intake's store behaviour, checked against the embedded SQLite file and a real PostgreSQL. */
class IncidentStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2025-10-12T14:03:27.117Z");
  private static final List<String> GROUP_BY = List.of("alertname", "namespace", "deployment");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Store> stores = new ArrayList<>();
  private Store store;

  @AfterEach
  void close() {
    stores.forEach(Store::close);
  }

  private Store open(StoreKind kind) {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    stores.add(store);
    return store;
  }

  private List<Intake.Result> write(AlertDraft... drafts) throws Exception {
    return write(store, drafts);
  }

  private static List<Intake.Result> write(Store on, AlertDraft... drafts) throws Exception {
    return new Intake(on, JSON).submit(List.of(drafts)).get(30, TimeUnit.SECONDS);
  }

  private IncidentStore incidents() {
    return new IncidentStore(store, JSON);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void countsEachEpisodeOnceAndGroupsNewOnesIntoTheOpenIncident(StoreKind kind) throws Exception {
    open(kind);

    List<Intake.Result> first = write(draft("fp1", START, Alert.Status.FIRING));
    List<Intake.Result> again = write(draft("fp1", START, Alert.Status.FIRING));
    List<Intake.Result> sibling = write(draft("fp2", START, Alert.Status.FIRING));
    List<Intake.Result> nextEpisode = write(draft("fp1", START.plusSeconds(3600), Alert.Status.FIRING));

    assertThat(first).extracting(Intake.Result::kind).containsExactly(Kind.OPENED);
    assertThat(again).extracting(Intake.Result::kind).containsExactly(Kind.DUPLICATE);
    assertThat(sibling).extracting(Intake.Result::kind).containsExactly(Kind.JOINED);
    assertThat(nextEpisode).extracting(Intake.Result::kind).containsExactly(Kind.JOINED);
    String id = first.get(0).incidentId();
    assertThat(List.of(again.get(0), sibling.get(0), nextEpisode.get(0)))
        .extracting(Intake.Result::incidentId).containsOnly(id);
    assertThat(incidents().count()).isEqualTo(1);
    Incident incident = incidents().get(id).orElseThrow();
    assertThat(incident.alertCount()).isEqualTo(3);
    assertThat(incident.firingCount()).isEqualTo(3);
    assertThat(incident.groupLabels()).containsEntry("namespace", "nba-mcp").containsEntry("deployment", "nba-mcp");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void otherGroupLabelsMakeAnotherIncident(StoreKind kind) throws Exception {
    open(kind);

    String a = write(draft("fp1", START, Alert.Status.FIRING)).get(0).incidentId();
    String b = write(draft("fp2", START, Alert.Status.FIRING, Map.of("deployment", "worker"))).get(0).incidentId();

    assertThat(a).isNotEqualTo(b);
    assertThat(incidents().count()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aStormOfTwoThousandAlertsInOneDeliveryIsOneIncidentWithOneSummaryLine(StoreKind kind) throws Exception {
    open(kind);
    AlertDraft[] storm = new AlertDraft[2_000];
    for (int i = 0; i < storm.length; i++) {
      storm[i] = draft(String.format("%016x", i), START, Alert.Status.FIRING, Map.of("pod", "p" + i));
    }

    List<Intake.Result> results = write(storm);

    assertThat(results).extracting(Intake.Result::incidentId).containsOnly(results.get(0).incidentId());
    assertThat(results.stream().filter(r -> r.kind() == Kind.OPENED).count()).isEqualTo(1);
    String id = results.get(0).incidentId();
    assertThat(incidents().get(id).orElseThrow().alertCount()).isEqualTo(2_000);
    assertThat(incidents().alerts(id, 100)).hasSize(100);
    assertThat(incidents().timeline(id)).extracting(TimelineEntry::kind).containsExactly("received", "matched", "alerts");
    assertThat(incidents().timeline(id).get(2).message()).startsWith("1999 alerts joined").contains("and 1994 more");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void keepsNanosecondStartsAtApartAndExact(StoreKind kind) throws Exception {
    open(kind);
    Instant a = Instant.parse("2025-10-12T14:03:27.123456789Z");
    Instant b = Instant.parse("2025-10-12T14:03:27.123456788Z");

    String id = write(draft("fp1", a, Alert.Status.FIRING), draft("fp1", b, Alert.Status.FIRING)).get(0).incidentId();

    assertThat(incidents().alerts(id, 10)).extracting(s -> s.alert().startsAt()).containsExactlyInAnyOrder(a, b);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void resolvedAlertsCountDownAndTheLastOneMakesTheIncidentDue(StoreKind kind) throws Exception {
    open(kind);
    String id = write(draft("fp1", START, Alert.Status.FIRING), draft("fp2", START, Alert.Status.FIRING))
        .get(0).incidentId();
    LeaseStore leases = new LeaseStore(store);
    clock.advance(java.time.Duration.ofMinutes(5));
    store.write(tx -> {
      incidents().rest(tx, id, IncidentStatus.MATCHED, Optional.empty());
      return null;
    });
    assertThat(leases.due(clock.instant(), 10)).isEmpty();

    List<Intake.Result> one = write(draft("fp1", START, Alert.Status.RESOLVED));
    assertThat(leases.due(clock.instant(), 10)).as("one of two still fires").isEmpty();
    List<Intake.Result> again = write(draft("fp1", START, Alert.Status.RESOLVED));
    write(draft("fp2", START, Alert.Status.RESOLVED));

    assertThat(one).extracting(Intake.Result::kind).containsExactly(Kind.RESOLVED);
    assertThat(again).extracting(Intake.Result::kind).containsExactly(Kind.DUPLICATE);
    Incident incident = incidents().get(id).orElseThrow();
    assertThat(incident.firingCount()).isZero();
    assertThat(incident.status()).as("the engine decides whether it ends").isEqualTo(IncidentStatus.MATCHED);
    assertThat(leases.due(clock.instant(), 10)).containsExactly(id);
    assertThat(incidents().timeline(id)).extracting(TimelineEntry::message)
        .anyMatch(m -> m.startsWith("1 alert resolved"));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aResolvedAlertNeverSeenFiringIsRecordedInAnEndedIncident(StoreKind kind) throws Exception {
    open(kind);

    List<Intake.Result> outcome = write(draft("fp9", START, Alert.Status.RESOLVED));
    String later = write(draft("fp10", START, Alert.Status.FIRING)).get(0).incidentId();

    Incident recorded = incidents().get(outcome.get(0).incidentId()).orElseThrow();
    assertThat(recorded.status()).isEqualTo(IncidentStatus.RESOLVED);
    assertThat(recorded.endedAt()).isPresent();
    assertThat(later).as("a firing alert opens its own incident").isNotEqualTo(recorded.id());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void anEpisodeAfterTheIncidentEndedOpensANewOneButItsOwnRedeliveryStaysPut(StoreKind kind) throws Exception {
    open(kind);
    String first = write(draft("fp1", START, Alert.Status.FIRING)).get(0).incidentId();
    store.write(tx -> incidents().transition(tx, new Transition(first, IncidentStatus.MATCHED,
        IncidentStatus.RESOLVED, "resolved: verified", Optional.empty(), Optional.empty())));

    List<Intake.Result> redelivered = write(draft("fp1", START, Alert.Status.FIRING));
    List<Intake.Result> again = write(draft("fp1", START.plusSeconds(600), Alert.Status.FIRING));

    assertThat(redelivered).extracting(Intake.Result::kind, Intake.Result::incidentId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.DUPLICATE, first));
    assertThat(again).extracting(Intake.Result::kind).containsExactly(Kind.OPENED);
    assertThat(again.get(0).incidentId()).isNotEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void priorityRisesToItsMostUrgentAlert(StoreKind kind) throws Exception {
    open(kind);
    AlertDraft warning = unmatched("fw", "warning", Priority.P2);
    AlertDraft critical = unmatched("fc", "critical", Priority.P1);

    String id = write(warning).get(0).incidentId();
    write(critical);

    assertThat(incidents().get(id).orElseThrow().priority()).isEqualTo(Priority.P1);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void listsNewestFirstWithFiltersAndLimit(StoreKind kind) throws Exception {
    open(kind);
    write(draft("a", START, Alert.Status.FIRING));
    write(unmatched("b", "warning", Priority.P2));
    write(draft("c", START, Alert.Status.FIRING, Map.of("deployment", "other")));
    write(draft("d", START, Alert.Status.FIRING));

    IncidentStore reader = incidents();

    assertThat(reader.list(IncidentFilter.all())).extracting(Incident::fingerprint).containsExactly("c", "b", "a");
    assertThat(reader.list(filter(Optional.of(IncidentStatus.UNMATCHED), Optional.empty(), 100)))
        .extracting(Incident::fingerprint).containsExactly("b");
    assertThat(reader.list(filter(Optional.empty(), Optional.of("RB-101"), 1)))
        .extracting(Incident::fingerprint).containsExactly("c");
    assertThat(reader.list(new IncidentFilter(Optional.empty(), Optional.empty(), Optional.of("d"), 10)))
        .extracting(Incident::fingerprint).as("the incident holding alert d").containsExactly("a");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void roundTripsTheFirstAlert(StoreKind kind) throws Exception {
    open(kind);
    AlertDraft draft = draft("fp1", START, Alert.Status.FIRING);

    String id = write(draft).get(0).incidentId();

    Incident incident = incidents().get(id).orElseThrow();
    assertThat(incident.alert().labels()).isEqualTo(draft.alert().labels());
    assertThat(incident.alert().annotations()).containsEntry("value", "0.12");
    assertThat(incident.alert().value().getAsDouble()).isEqualTo(0.12);
    assertThat(incident.priority()).isEqualTo(Priority.P1);
    assertThat(incident.ruleVersion()).contains("v1");
    assertThat(incident.createdAt()).isEqualTo(clock.instant());
    assertThat(incident.id()).isEqualTo(draft.proposedIncidentId());
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void concurrentDeliveriesOfOneEpisodeMakeOneAlertInOneIncident(StoreKind kind) throws Exception {
    open(kind);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<Intake.Result>>> results = pool.invokeAll(java.util.Collections.nCopies(50,
          () -> write(draft("same", START, Alert.Status.FIRING))), 60, TimeUnit.SECONDS);

      long opened = 0;
      for (Future<List<Intake.Result>> r : results) {
        opened += r.get().stream().filter(o -> o.kind() == Kind.OPENED).count();
      }
      assertThat(opened).isEqualTo(1);
      assertThat(incidents().count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(value = StoreKind.class, names = "POSTGRES")
  void twoReplicasOpeningOneGroupAtOnceAgreeOnOneIncident(StoreKind kind) throws Exception {
    Store a = open(kind);
    Store b = Store.open(new io.runbookd.config.RunbookdConfig.Store(a.location().replace("postgresql://",
        "jdbc:postgresql://"), Optional.of("postgres"), Optional.of(io.runbookd.config.Secret.of("postgres")), 4),
        clock, Metrics.inMemory());
    stores.add(b);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Callable<List<Intake.Result>>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Store on = i % 2 == 0 ? a : b;
        AlertDraft d = draft("r" + i, START, Alert.Status.FIRING);
        calls.add(() -> write(on, d));
      }
      Map<String, Integer> byIncident = new HashMap<>();
      for (Future<List<Intake.Result>> r : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
        byIncident.merge(r.get().get(0).incidentId(), 1, Integer::sum);
      }

      assertThat(byIncident).hasSize(1);
      assertThat(incidents().get(byIncident.keySet().iterator().next()).orElseThrow().alertCount()).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
  }

  private static IncidentFilter filter(Optional<IncidentStatus> status, Optional<String> rule, int limit) {
    return new IncidentFilter(status, rule, Optional.empty(), limit);
  }

  static AlertDraft draft(String fingerprint, Instant startsAt, Alert.Status status) {
    return draft(fingerprint, startsAt, status, Map.of());
  }

  static AlertDraft draft(String fingerprint, Instant startsAt, Alert.Status status, Map<String, String> extra) {
    Map<String, String> labels = new HashMap<>(Map.of("alertname", "HighErrorRate", "namespace", "nba-mcp",
        "deployment", "nba-mcp", "severity", "critical"));
    labels.putAll(extra);
    Alert alert = new Alert(status, labels, Map.of("value", "0.12"), startsAt,
        status == Alert.Status.RESOLVED ? Optional.of(startsAt.plusSeconds(600)) : Optional.empty(),
        "http://prometheus/graph", fingerprint);
    return new AlertDraft(alert, GroupKey.ofRule("RB-101", GROUP_BY, labels), Optional.of("RB-101"),
        Optional.of("v1"), "matched RB-101", Priority.P1);
  }

  static AlertDraft unmatched(String fingerprint, String severity, Priority priority) {
    Alert alert = new Alert(Alert.Status.FIRING, Map.of("alertname", "Other", "severity", severity), Map.of(),
        START, Optional.empty(), "", fingerprint);
    return new AlertDraft(alert, GroupKey.unmatched("{}:{alertname=\"Other\"}", "Other", Map.of()),
        Optional.empty(), Optional.empty(), "no rule", priority);
  }
}

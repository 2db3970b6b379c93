package io.runbookd.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.alert.Alert;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.metrics.Metrics;
import io.runbookd.testing.MutableClock;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which incidents may want silences, and the one-pending-silence rule, on both stores. */
class SilenceStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2025-10-12T14:03:27.117Z");
  private static final Set<IncidentStatus> WORKING = EnumSet.of(IncidentStatus.MATCHED, IncidentStatus.DIAGNOSING,
      IncidentStatus.ACTING, IncidentStatus.AWAITING_APPROVAL, IncidentStatus.VERIFYING);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private Store store;

  @AfterEach
  void close() {
    store.close();
  }

  private String incident(String deployment, String... fingerprints) throws Exception {
    String id = null;
    for (String fp : fingerprints) {
      id = new Intake(store, JSON).submit(List.of(IncidentStoreTest.draft(fp, START, Alert.Status.FIRING,
          Map.of("deployment", deployment, "pod", fp)))).get(30, TimeUnit.SECONDS).get(0).incidentId();
    }
    return id;
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void onlyOpenUnacknowledgedIncidentsBeingWorkedOfTheRulesAsked(StoreKind kind) throws Exception {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    SilenceStore silences = new SilenceStore(store, JSON);
    IncidentStore incidents = new IncidentStore(store, JSON);
    String worked = incident("a", "fp1", "fp2", "fp3");
    String acked = incident("b", "fp4");
    String escalated = incident("c", "fp5");
    store.write(tx -> incidents.acknowledge(tx, acked, "alice"));
    incidents.transition(new Transition(escalated, IncidentStatus.MATCHED, IncidentStatus.ESCALATED, "test",
        Optional.empty(), Optional.empty()));

    List<SilenceCandidate> candidates = silences.candidates(WORKING, List.of("RB-101"), 2);

    assertThat(candidates).singleElement().satisfies(c -> {
      assertThat(c.id()).isEqualTo(worked);
      assertThat(c.firing()).isEqualTo(3);
      assertThat(c.labelSets()).extracting(l -> l.get("pod")).containsExactly("fp1", "fp2");
      assertThat(c.labelSets().get(0)).containsEntry("alertname", "HighErrorRate").containsEntry("deployment", "a");
    });
    assertThat(silences.candidates(WORKING, List.of("RB-102"), 2)).isEmpty();
    assertThat(silences.candidates(WORKING, List.of(), 2)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void oneSilenceIsPendingPerIncidentAlertmanagerAndLabelSet(StoreKind kind) throws Exception {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    SilenceStore silences = new SilenceStore(store, JSON);
    String id = incident("a", "fp1");
    SilenceIntent intent = new SilenceIntent(id, "http://am:9093", "h1", "{}", START, SilenceRow.State.CREATING);

    Optional<String> first = silences.intend(intent, Optional.empty());
    Optional<String> second = silences.intend(intent, Optional.empty());
    silences.known(first.orElseThrow(), id, "s-1", TimelineLine.of("silence", "created"));
    Optional<String> third = silences.intend(intent, Optional.empty());

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(third).isPresent().isNotEqualTo(first);
    assertThat(silences.live()).extracting(SilenceRow::state)
        .containsExactlyInAnyOrder(SilenceRow.State.ACTIVE, SilenceRow.State.CREATING);
    assertThat(silences.get(first.get()).orElseThrow().silenceId()).contains("s-1");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aChangeWritesItsTimelineLineOnce(StoreKind kind) throws Exception {
    store = Store.open(kind.config(dir), clock, Metrics.inMemory());
    SilenceStore silences = new SilenceStore(store, JSON);
    String id = incident("a", "fp1");
    String row = silences.intend(new SilenceIntent(id, "http://am:9093", "h1", "{}", START,
        SilenceRow.State.CREATING), Optional.empty()).orElseThrow();

    silences.known(row, id, "s-1", TimelineLine.of("silence", "created"));
    silences.known(row, id, "s-1", TimelineLine.of("silence", "created"));
    silences.expired(row, id, TimelineLine.of("silence", "lifted"));
    silences.expired(row, id, TimelineLine.of("silence", "lifted"));

    assertThat(new IncidentStore(store, JSON).timeline(id)).filteredOn(e -> e.kind().equals("silence"))
        .extracting(e -> e.message()).containsExactly("created", "lifted");
    assertThat(silences.live()).isEmpty();
  }
}

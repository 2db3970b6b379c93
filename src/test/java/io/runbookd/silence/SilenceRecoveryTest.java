package io.runbookd.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.http.BlockingHttp;
import io.runbookd.http.BlockingPost;
import io.runbookd.http.HttpTarget;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.store.SilenceIntent;
import io.runbookd.store.SilenceRow;
import io.runbookd.testing.RealAlertmanager;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No silence is left behind by a crash, and a peer that is down costs only its own copy: against a
 * real Alertmanager, on both stores.
 */
class SilenceRecoveryTest {
  private static RealAlertmanager alertmanager;
  private static AlertmanagerApi api;
  private static HttpTarget target;

  @TempDir Path dir;
  private SilenceHarness harness;

  @BeforeAll
  static void startAlertmanager(@TempDir Path amDir) throws Exception {
    RealAlertmanager.assumeAvailable();
    alertmanager = RealAlertmanager.start(amDir);
    target = AlertmanagerApi.target(alertmanager.url());
    api = new AlertmanagerApi(Optional.empty(), new BlockingHttp(Duration.ofSeconds(5), Clock.systemUTC()),
        new BlockingPost(Duration.ofSeconds(5), Clock.systemUTC()));
  }

  @AfterAll
  static void stopAlertmanager() {
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private SilenceKeeper keeper() {
    return harness.keeper(SilenceHarness.config("enforce", alertmanager.url().toString()));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSilenceOfAKilledProcessIsLiftedAfterRestartWhenItsIncidentEndedMeanwhile(StoreKind kind)
      throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    String id = harness.incident();
    keeper().tick();
    assertThat(alertmanager.activeAbout(id)).hasSize(1);

    harness.restart();
    harness.move(id, IncidentStatus.MATCHED, IncidentStatus.RESOLVED, Optional.empty());
    keeper().tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
    assertThat(harness.lines(id)).last().asString().endsWith(": the incident ended");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSilenceCreatedJustBeforeACrashIsFoundByItsKeyAndLifted(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    String id = harness.incident();
    String silenceId = createdButNeverRecorded(id);

    harness.restart();
    harness.move(id, IncidentStatus.MATCHED, IncidentStatus.ESCALATED, Optional.empty());
    keeper().tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
    assertThat(harness.lines(id)).containsExactly(
        "found silence " + silenceId + " in Alertmanager " + alertmanager.url()
            + ", created before runbookd restarted",
        "lifted silence " + silenceId + " in Alertmanager " + alertmanager.url() + ": the incident escalated");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSilenceCreatedJustBeforeACrashIsAdoptedWhileTheWorkGoesOn(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    String id = harness.incident();
    String silenceId = createdButNeverRecorded(id);

    harness.restart();
    keeper().tick();
    keeper().tick();

    assertThat(alertmanager.activeAbout(id)).singleElement()
        .satisfies(s -> assertThat(s.path("id").asText()).isEqualTo(silenceId));
    assertThat(harness.rows(id)).singleElement().satisfies(r -> assertThat(r.silenceId()).contains(silenceId));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aLeftOverSilenceWithoutARowIsExpiredAndOtherPeoplesSilencesAreLeftAlone(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    String marker = "[runbookd silence sil-0123456789abcdef01234567]";
    Map<String, String> labels = SilenceHarness.labels();
    api.create(target, silence(Matchers.of(labels), "left over " + marker));
    String someonesId = alertmanager.silence("alice", labels, "maintenance " + marker + " by alice");

    keeper().tick();

    assertThat(alertmanager.activeAbout("left over")).isEmpty();
    assertThat(alertmanager.activeAbout("by alice")).singleElement()
        .satisfies(s -> assertThat(s.path("id").asText()).isEqualTo(someonesId));
    api.expire(target, someonesId);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aRecordedSilenceThatAlertmanagerNeverGotIsCreatedAgain(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    String id = harness.incident();
    String rowId = intend(id);

    harness.clock.advance(Sweeps.GRACE.plusSeconds(1));
    keeper().tick();

    assertThat(alertmanager.activeAbout(rowId)).hasSize(1);
    assertThat(harness.rows(id)).extracting(SilenceRow::state).containsExactly(SilenceRow.State.ACTIVE);
    assertThat(harness.lines(id)).singleElement().asString().startsWith("silenced alert");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aPeerThatIsDownDoesNotCostTheSilenceOnTheOther(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    SilenceKeeper keeper = harness.keeper(
        SilenceHarness.config("enforce", alertmanager.url().toString(), "http://127.0.0.1:1"));
    String id = harness.incident();

    keeper.tick();
    keeper.tick();
    harness.clock.advance(Sweeps.GRACE.plusSeconds(1));
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).hasSize(1);
    assertThat(harness.lines(id)).hasSize(2);
    assertThat(harness.lines(id)).anySatisfy(l -> assertThat(l).startsWith("silenced alert")
        .contains("in Alertmanager " + alertmanager.url()));
    assertThat(harness.lines(id)).anySatisfy(l -> assertThat(l).startsWith("could not silence")
        .contains("in Alertmanager http://127.0.0.1:1 yet").endsWith("; retrying"));

    harness.move(id, IncidentStatus.MATCHED, IncidentStatus.ESCALATED, Optional.empty());
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aSilenceThatAlertmanagerLostIsCreatedAgain(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    SilenceKeeper keeper = keeper();
    String id = harness.incident();
    keeper.tick();
    String lost = alertmanager.activeAbout(id).get(0).path("id").asText();

    alertmanager.restartWithoutData();
    harness.clock.advance(Sweeps.PERIOD);
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).singleElement()
        .satisfies(s -> assertThat(s.path("id").asText()).isNotEqualTo(lost));
    assertThat(harness.lines(id)).hasSize(3);
    assertThat(harness.lines(id).get(1)).isEqualTo("silence " + lost + " is no longer in Alertmanager "
        + alertmanager.url() + " (restarted without its data?)");
    assertThat(harness.lines(id).get(2)).startsWith("silenced alert");
  }

  /** What a process that died between creating a silence and recording its id leaves. */
  private String createdButNeverRecorded(String incidentId) throws Exception {
    String rowId = intend(incidentId);
    Matchers labels = Matchers.of(harness.incidents().alerts(incidentId, 1).get(0).alert().labels());
    return api.create(target, silence(labels, SilenceComment.of(rowId, incidentId, Optional.empty())));
  }

  private String intend(String incidentId) {
    Map<String, String> labels = harness.incidents().alerts(incidentId, 1).get(0).alert().labels();
    Matchers matchers = Matchers.of(labels);
    return harness.silences().intend(new SilenceIntent(incidentId, alertmanager.url().toString(), matchers.hash(),
        matchers.labelsJson(SilenceHarness.JSON), harness.clock.instant().plus(Duration.ofMinutes(15)),
        SilenceRow.State.CREATING), Optional.empty()).orElseThrow();
  }

  private NewSilence silence(Matchers matchers, String comment) {
    return new NewSilence(matchers, harness.clock.instant(), harness.clock.instant().plus(Duration.ofMinutes(15)),
        comment);
  }
}

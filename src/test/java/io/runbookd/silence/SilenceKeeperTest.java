package io.runbookd.silence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runbookd.incident.IncidentStatus;
import io.runbookd.rules.Silence;
import io.runbookd.store.SilenceRow;
import io.runbookd.testing.RealAlertmanager;
import io.runbookd.testing.StoreKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Silences while runbookd works on an incident, against a real Alertmanager, on both stores. */
class SilenceKeeperTest {
  private static RealAlertmanager alertmanager;

  @TempDir Path dir;
  private SilenceHarness harness;

  @BeforeAll
  static void startAlertmanager(@TempDir Path amDir) throws Exception {
    RealAlertmanager.assumeAvailable();
    alertmanager = RealAlertmanager.start(amDir);
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

  private SilenceKeeper enforcing(StoreKind kind) {
    harness = new SilenceHarness(kind.config(dir));
    return harness.keeper(SilenceHarness.config("enforce", alertmanager.url().toString()));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void silencesTheAlertWhileWorkedAndLiftsItWhenTheIncidentEscalates(StoreKind kind) throws Exception {
    SilenceKeeper keeper = enforcing(kind);
    String id = harness.incident();
    Instant now = harness.clock.instant();

    keeper.tick();
    keeper.tick();

    List<JsonNode> silences = alertmanager.activeAbout(id);
    assertThat(silences).hasSize(1);
    JsonNode silence = silences.get(0);
    assertThat(silence.path("createdBy").asText()).isEqualTo("runbookd");
    assertThat(silence.path("comment").asText())
        .contains("https://runbookd.example.com/api/v1/incidents/" + id);
    assertThat(matchers(silence)).isEqualTo(harness.incidents().alerts(id, 10).get(0).alert().labels());
    assertThat(silence.path("matchers")).allSatisfy(m -> {
      assertThat(m.path("isRegex").asBoolean()).isFalse();
      assertThat(m.path("isEqual").asBoolean()).isTrue();
    });
    assertThat(Instant.parse(silence.path("endsAt").asText()))
        .isBetween(now.plus(Silence.DEFAULT_WINDOW).minusSeconds(1), now.plus(Silence.DEFAULT_WINDOW).plusSeconds(1));
    assertThat(harness.rows(id)).singleElement().satisfies(row -> {
      assertThat(row.state()).isEqualTo(SilenceRow.State.ACTIVE);
      assertThat(row.silenceId()).contains(silence.path("id").asText());
    });

    harness.move(id, IncidentStatus.MATCHED, IncidentStatus.ESCALATED, Optional.empty());
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
    assertThat(harness.rows(id)).extracting(SilenceRow::state).containsExactly(SilenceRow.State.EXPIRED);
    assertThat(harness.lines(id)).hasSize(2);
    assertThat(harness.lines(id).get(0)).startsWith("silenced alert alertname=\"HighErrorRate\"")
        .contains("in Alertmanager " + alertmanager.url());
    assertThat(harness.lines(id).get(1))
        .isEqualTo("lifted silence " + silence.path("id").asText() + " in Alertmanager " + alertmanager.url()
            + ": the incident escalated");
  }

  enum Ending {
    ACKNOWLEDGED("a human acknowledged the incident"),
    ENDED("the incident ended"),
    VERIFIED("the fix verified");

    final String reason;

    Ending(String reason) {
      this.reason = reason;
    }
  }

  static List<Arguments> endings() {
    List<Arguments> out = new ArrayList<>();
    for (StoreKind kind : StoreKind.values()) {
      for (Ending ending : Ending.values()) {
        out.add(Arguments.of(kind, ending));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endings")
  void liftsTheSilenceAsSoonAsTheWorkStops(StoreKind kind, Ending ending) throws Exception {
    SilenceKeeper keeper = enforcing(kind);
    String id = harness.incident();
    keeper.tick();
    assertThat(alertmanager.activeAbout(id)).hasSize(1);

    switch (ending) {
      case ACKNOWLEDGED -> harness.acknowledge(id);
      case ENDED -> harness.move(id, IncidentStatus.MATCHED, IncidentStatus.RESOLVED, Optional.empty());
      case VERIFIED -> harness.move(id, IncidentStatus.MATCHED, IncidentStatus.VERIFIED, Optional.empty());
    }
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
    assertThat(harness.lines(id)).last().asString().endsWith(": " + ending.reason);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void verificationExtendsTheSilenceToItsDeadlineAndAFailedOneLiftsIt(StoreKind kind) throws Exception {
    SilenceKeeper keeper = enforcing(kind);
    String id = harness.incident();
    keeper.tick();
    Instant deadline = harness.clock.instant().plus(Duration.ofMinutes(40));

    harness.move(id, IncidentStatus.MATCHED, IncidentStatus.VERIFYING, Optional.of(deadline));
    keeper.tick();

    List<JsonNode> silences = alertmanager.activeAbout(id);
    assertThat(silences).singleElement()
        .satisfies(s -> assertThat(Instant.parse(s.path("endsAt").asText())).isEqualTo(deadline.truncatedTo(
            java.time.temporal.ChronoUnit.MILLIS)));
    assertThat(harness.lines(id)).last().asString().contains(": replaced by silence " + silences.get(0).path("id").asText());

    harness.move(id, IncidentStatus.VERIFYING, IncidentStatus.ESCALATED, Optional.empty());
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void renewsASilenceBeforeItEndsWhileTheWorkGoesOn(StoreKind kind) throws Exception {
    SilenceKeeper keeper = enforcing(kind);
    String id = harness.incident();
    keeper.tick();
    String first = alertmanager.activeAbout(id).get(0).path("id").asText();

    harness.clock.advance(Duration.ofMinutes(8));
    keeper.tick();

    List<JsonNode> silences = alertmanager.activeAbout(id);
    assertThat(silences).singleElement().satisfies(s -> assertThat(s.path("id").asText()).isNotEqualTo(first));
    assertThat(harness.rows(id)).extracting(SilenceRow::state)
        .containsExactly(SilenceRow.State.EXPIRED, SilenceRow.State.ACTIVE);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aDurationEndsTheSilenceThatLongAfterTheIncidentOpened(StoreKind kind) throws Exception {
    SilenceKeeper keeper = enforcing(kind);
    harness.rules = SilenceHarness.rules(Optional.of(Silence.lasting(Duration.ofMinutes(45))));
    String id = harness.incident();
    Instant opened = harness.incidents().get(id).orElseThrow().createdAt();

    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).singleElement()
        .satisfies(s -> assertThat(Instant.parse(s.path("endsAt").asText())).isEqualTo(opened.plus(Duration.ofMinutes(45))));
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void liftsTheSilenceWhenTheRuleNoLongerAsks(StoreKind kind) throws Exception {
    SilenceKeeper keeper = enforcing(kind);
    String id = harness.incident();
    keeper.tick();

    harness.rules = SilenceHarness.rules(Optional.empty());
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
    assertThat(harness.lines(id)).last().asString().endsWith(": its rule no longer asks for silences");
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void dryRunRecordsTheSilenceItWouldCreateAndCreatesNone(StoreKind kind) throws Exception {
    harness = new SilenceHarness(kind.config(dir));
    SilenceKeeper keeper = harness.keeper(SilenceHarness.config("dry-run", alertmanager.url().toString()));
    String id = harness.incident();

    keeper.tick();
    keeper.tick();

    assertThat(alertmanager.activeAbout(id)).isEmpty();
    assertThat(harness.lines(id)).singleElement().asString()
        .startsWith("dry-run: would silence alert alertname=\"HighErrorRate\"")
        .contains("in Alertmanager " + alertmanager.url())
        .endsWith("; nothing was sent");
    assertThat(harness.rows(id)).extracting(SilenceRow::state).containsExactly(SilenceRow.State.PLANNED);

    harness.move(id, IncidentStatus.MATCHED, IncidentStatus.ESCALATED, Optional.empty());
    keeper.tick();

    assertThat(harness.lines(id)).last().asString().startsWith("dry-run: would lift the silence of")
        .endsWith("now: the incident escalated");
    assertThat(alertmanager.activeAbout(id)).isEmpty();
  }

  private static Map<String, String> matchers(JsonNode silence) {
    Map<String, String> out = new TreeMap<>();
    silence.path("matchers").forEach(m -> out.put(m.path("name").asText(), m.path("value").asText()));
    return out;
  }
}

package io.runbookd.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Verification readings: read off the timeline, charted against the threshold, tabled. */
class ReadingsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final List<TimelineEntry> TIMELINE = List.of(
      new TimelineEntry(1, T0, "status", "verifying 'result.value < 0.01' within 45m", Optional.empty()),
      reading(2, 0, false, 0.12),
      reading(3, 60, false, 0.04),
      new TimelineEntry(4, T0.plusSeconds(120), "verify_pending", "verify probe unreadable: timeout", Optional.empty()),
      reading(5, 180, true, 0.005));

  private static TimelineEntry reading(long seq, long seconds, boolean holds, double value) {
    return new TimelineEntry(seq, T0.plusSeconds(seconds), holds ? "verified" : "verify_pending",
        "verify 'result.value < 0.01' " + (holds ? "holds" : "does not hold yet") + ": " + value,
        Optional.of("{\"result_type\":\"vector\",\"value\":" + value + ",\"series\":[]}"));
  }

  @Test
  void readingsWithAValueAreChartedAgainstTheConditionsThreshold() {
    List<Readings.Reading> readings = Readings.of(TIMELINE, new ObjectMapper());
    Html html = new Html();

    Readings.render(html, readings, Readings.threshold(TIMELINE));

    assertThat(readings).extracting(Readings.Reading::value).containsExactly(0.12, 0.04, 0.005);
    assertThat(readings).extracting(Readings.Reading::holds).containsExactly(false, false, true);
    String out = html.toString();
    assertThat(out).contains("<svg class=\"chart\"").contains("aria-label=\"3 readings of the verified value against"
        + " the threshold &lt; 0.01\"").contains("class=\"threshold\"").contains("threshold 0.01");
    assertThat(out.split("<circle", -1)).hasSize(4);
    assertThat(out).contains("<td>0.12</td>").contains("<td>0.005</td>").contains("<td>holds</td>");
  }

  @Test
  void noReadingsNoSection() {
    Html html = new Html();

    Readings.render(html, List.of(), Optional.empty());

    assertThat(html.toString()).isEmpty();
  }

  @Test
  void numbersAreShortAndExact() {
    assertThat(Readings.number(0.01)).isEqualTo("0.01");
    assertThat(Readings.number(5)).isEqualTo("5");
    assertThat(Readings.number(1234567)).isEqualTo("1.23457e+06");
    assertThat(Readings.number(0.000012)).isEqualTo("1.2e-05");
  }
}

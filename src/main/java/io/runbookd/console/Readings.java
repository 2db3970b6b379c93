package io.runbookd.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.incident.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verification readings of an incident: each look at the verified metric ({@code result.value}
 * of the verify probe) against the threshold its condition names, drawn as a small SVG chart
 * (server-side: no script, no library) with the numbers behind it in a table.
 */
final class Readings {
  private static final Pattern THRESHOLD =
      Pattern.compile("result\\.value\\s*(<=|>=|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)");
  private static final int WIDTH = 600;
  private static final int HEIGHT = 160;
  private static final int PAD = 24;

  /** One look: when, what it read, whether the condition held. */
  record Reading(Instant at, double value, boolean holds) {}

  private Readings() {}

  static List<Reading> of(List<TimelineEntry> timeline, ObjectMapper json) {
    List<Reading> out = new ArrayList<>();
    for (TimelineEntry e : timeline) {
      if ((e.kind().equals("verified") || e.kind().equals("verify_pending")) && e.data().isPresent()) {
        value(e.data().get(), json).ifPresent(v -> out.add(new Reading(e.at(), v, e.kind().equals("verified"))));
      }
    }
    return out;
  }

  private static OptionalDouble value(String data, ObjectMapper json) {
    try {
      JsonNode value = json.readTree(data).path("value");
      return value.isNumber() && Double.isFinite(value.asDouble()) ? OptionalDouble.of(value.asDouble())
          : OptionalDouble.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return OptionalDouble.empty();
    }
  }

  /** The threshold and its comparison ("< 0.01") from the first reading's condition, if it is that simple. */
  static Optional<String[]> threshold(List<TimelineEntry> timeline) {
    return timeline.stream().filter(e -> e.kind().startsWith("verif")).map(e -> THRESHOLD.matcher(e.message()))
        .filter(Matcher::find).findFirst().map(m -> new String[] {m.group(1), m.group(2)});
  }

  static void render(Html html, List<Reading> readings, Optional<String[]> threshold) {
    if (readings.isEmpty()) {
      return;
    }
    html.open("section", "aria-labelledby", "verify-h").el("h2", "Verification readings", "id", "verify-h");
    Optional<Double> line = threshold.map(t -> Double.parseDouble(t[1]));
    String described = readings.size() + " readings of the verified value"
        + threshold.map(t -> " against the threshold " + t[0] + " " + t[1]).orElse("");
    chart(html, readings, line, described);
    html.open("table", "class", "readings").el("caption", described).open("thead").open("tr");
    html.el("th", "At", "scope", "col").el("th", "Value", "scope", "col").el("th", "Condition", "scope", "col");
    html.close("tr").close("thead").open("tbody");
    for (Reading r : readings) {
      html.open("tr").open("td");
      Format.time(html, r.at());
      html.close("td").el("td", number(r.value())).el("td", r.holds() ? "holds" : "does not hold").close("tr");
    }
    html.close("tbody").close("table").close("section");
  }

  private static void chart(Html html, List<Reading> readings, Optional<Double> threshold, String label) {
    double lo = readings.stream().mapToDouble(Reading::value).min().orElse(0);
    double hi = readings.stream().mapToDouble(Reading::value).max().orElse(1);
    if (threshold.isPresent()) {
      lo = Math.min(lo, threshold.get());
      hi = Math.max(hi, threshold.get());
    }
    double span = hi - lo == 0 ? Math.max(Math.abs(hi), 1) : hi - lo;
    double low = lo;
    html.open("svg", "class", "chart", "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "role", "img", "aria-label", label,
        "xmlns", "http://www.w3.org/2000/svg");
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < readings.size(); i++) {
      double x = readings.size() == 1 ? WIDTH / 2.0 : PAD + i * (WIDTH - 2.0 * PAD) / (readings.size() - 1);
      double y = HEIGHT - PAD - (readings.get(i).value() - low) / span * (HEIGHT - 2.0 * PAD);
      points.append(i == 0 ? "" : " ").append(coord(x)).append(',').append(coord(y));
      html.open("circle", "cx", coord(x), "cy", coord(y), "r", "3",
          "class", readings.get(i).holds() ? "point holds" : "point").close("circle");
    }
    html.open("polyline", "points", points.toString(), "class", "series").close("polyline");
    threshold.ifPresent(t -> {
      String y = coord(HEIGHT - PAD - (t - low) / span * (HEIGHT - 2.0 * PAD));
      html.open("line", "x1", Integer.toString(PAD), "x2", Integer.toString(WIDTH - PAD), "y1", y, "y2", y,
          "class", "threshold").close("line");
      html.el("text", "threshold " + number(t), "x", Integer.toString(WIDTH - PAD), "y", y, "class", "label",
          "text-anchor", "end", "dy", "-4");
    });
    html.close("svg");
  }

  private static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String number(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
  }
}

package io.runbookd.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.runbookd.forecast.Forecast;
import io.runbookd.forecast.LinearForecast;
import io.runbookd.forecast.Numbers;
import io.runbookd.forecast.Prediction;
import io.runbookd.forecast.Sample;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The report page: self-contained, its numbers those of the series, every text escaped. */
class HtmlReportTest {
  private static final double DAY = 86_400;
  private static final double T0 = 1_735_689_600; // 2025-01-01T00:00:00Z
  private static final Instant CREATED = Instant.parse("2025-10-06T06:00:00Z");

  static List<Sample> requestRate() {
    Random random = new Random(2025);
    List<Sample> out = new ArrayList<>();
    for (int d = 0; d < 180; d++) {
      out.add(new Sample(T0 + d * DAY, 420 + 2.5 * d + 15 * random.nextGaussian()));
    }
    return out;
  }

  private static Report capacityReport(List<Sample> series, Forecast forecast) {
    return new Report(
        "Capacity report, September 2025",
        CREATED,
        List.of(
            new Report.Section(
                "Request rate",
                List.of(
                    new Report.Text(forecast.reason()),
                    ForecastChart.of(
                        "Request rate, 180 days and 30 ahead",
                        "req/s",
                        "request rate",
                        series,
                        forecast))),
            new Report.Section(
                "Costs",
                List.of(
                    new Report.Table(
                        List.of("month", "blended cost (USD)"),
                        List.of(List.of("2025-09", "18234.56")))))));
  }

  @Test
  void isOneSelfContainedPageWithoutScriptOrExternalReferences() {
    List<Sample> series = requestRate();
    String html = HtmlReport.render(capacityReport(series, LinearForecast.ahead(series, 30)));

    assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
    assertThat(html).contains("<meta charset=\"utf-8\">", "<style>", "<svg role='img'");
    assertThat(html.toLowerCase())
        .doesNotContain(
            "<script",
            "http://",
            "https://",
            "src=",
            "href=",
            "@import",
            "url(http",
            "<link",
            "<iframe",
            "<object");
    assertThat(html).containsOnlyOnce("<style>");
  }

  @Test
  void theNumbersInThePageAreThoseOfTheSeries() {
    List<Sample> series = requestRate();
    Forecast forecast = LinearForecast.ahead(series, 30);

    String html = HtmlReport.render(capacityReport(series, forecast));

    Sample first = series.get(0);
    Sample last = series.get(series.size() - 1);
    double min = series.stream().mapToDouble(Sample::value).min().orElseThrow();
    double max = series.stream().mapToDouble(Sample::value).max().orElseThrow();
    assertThat(html)
        .contains(
            "<tr><td>request rate</td><td>180</td><td>2025-01-01 00:00: "
                + Numbers.format(first.value())
                + "</td><td>2025-06-29 00:00: "
                + Numbers.format(last.value())
                + "</td><td>"
                + Numbers.format(min)
                + "</td><td>"
                + Numbers.format(max)
                + "</td></tr>");
    Prediction end = forecast.horizon().orElseThrow();
    assertThat(html)
        .contains(
            "<td>95% prediction interval</td><td>30</td><td></td><td>2025-07-29 00:00: "
                + Numbers.format(end.lower())
                + " to "
                + Numbers.format(end.upper())
                + "</td>");
    assertThat(html).contains("<td>2025-09</td><td>18234.56</td>");
    assertThat(html).contains("<p>" + forecast.reason() + "</p>");
    assertThat(html).contains("<th scope=\"col\">min (req/s)</th>");
  }

  @Test
  void chartsAreWellFormedSvgWithTheirOwnIds() throws Exception {
    List<Sample> series = requestRate();
    Forecast forecast = LinearForecast.ahead(series, 30);
    Report twoCharts =
        new Report(
            "Two",
            CREATED,
            List.of(
                new Report.Section(
                    "s",
                    List.of(
                        ForecastChart.of("a", "req/s", "a", series, forecast),
                        ForecastChart.of("b", "req/s", "b", series, forecast)))));

    String html = HtmlReport.render(twoCharts);

    List<String> svgs = svgs(html);
    assertThat(svgs).hasSize(2);
    for (String svg : svgs) {
      Document doc =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
      assertThat(doc.getDocumentElement().getAttribute("viewBox")).isEqualTo("0.0 0.0 760.0 320.0");
    }
    assertThat(svgs.get(0)).contains("id='chart1'", "chart1-").doesNotContain("chart2-");
    assertThat(svgs.get(1)).contains("id='chart2'", "chart2-").doesNotContain("chart1-");
    assertThat(HtmlReport.render(twoCharts))
        .as("the same report renders the same page")
        .isEqualTo(html);
  }

  @Test
  void hostileTextIsShownNeverInterpreted() {
    String script = "<script>alert(1)</script>";
    String img = "\"><img src=x onerror=alert(1)>";
    String svgTag = "</svg><svg onload=alert(1)>";
    List<Sample> series = requestRate().subList(0, 20);
    Report report =
        new Report(
            script,
            CREATED,
            List.of(
                new Report.Section(
                    img,
                    List.of(
                        new Report.Text("labels: " + svgTag + " & 'quotes'"),
                        new Report.Table(
                            List.of(script), List.of(List.of("</td></tr></table>" + img))),
                        ForecastChart.of(
                            svgTag, img, script, series, LinearForecast.ahead(series, 5))))));

    String html = HtmlReport.render(report);

    assertThat(html)
        .doesNotContain(script, img, svgTag, "<img", "<script", "<svg onload", "</table>" + "\"");
    assertThat(html).contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>");
    assertThat(html).contains("<h2>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h2>");
    assertThat(html)
        .contains("labels: &lt;/svg&gt;&lt;svg onload=alert(1)&gt; &amp; &#39;quotes&#39;");
    assertThat(html).contains("aria-label='&lt;/svg&gt;&lt;svg onload=alert(1)&gt;'");
    assertThat(svgs(html)).hasSize(1);
  }

  @Test
  void aRefusedForecastChartsTheObservationsOnly() {
    List<Sample> series = requestRate().subList(0, 5);
    Forecast refused = LinearForecast.ahead(series, 30);

    Chart chart = ForecastChart.of("short", "req/s", "request rate", series, refused);
    String html =
        HtmlReport.render(
            new Report(
                "r",
                CREATED,
                List.of(
                    new Report.Section("s", List.of(new Report.Text(refused.reason()), chart)))));

    assertThat(chart.band()).isEmpty();
    assertThat(chart.lines()).extracting(Chart.Line::name).containsExactly("request rate");
    assertThat(html)
        .contains("too short to forecast: 5 usable samples")
        .doesNotContain("prediction interval</td>");
  }

  private static List<String> svgs(String html) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = html.indexOf("<svg ", from);
      if (start < 0) {
        return out;
      }
      int end = html.indexOf("</svg>", start) + "</svg>".length();
      out.add(html.substring(start, end));
      from = end;
    }
  }
}

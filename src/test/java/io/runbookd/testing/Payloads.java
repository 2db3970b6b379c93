package io.runbookd.testing;

import java.util.ArrayList;
import java.util.List;

/** Alertmanager webhook bodies for tests, built as text so that tests can also break them. */
public final class Payloads {
  private Payloads() {}

  public static String alert(String alertname, String fingerprint, String startsAt, String value) {
    return alert("firing", alertname, fingerprint, startsAt, value);
  }

  public static String alert(
      String status, String alertname, String fingerprint, String startsAt, String value) {
    return """
        {"status":"%s","labels":{"alertname":"%s","namespace":"nba-mcp","severity":"critical"},\
        "annotations":{"summary":"test","value":"%s"},"startsAt":"%s",\
        "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph",\
        "fingerprint":"%s"}"""
        .formatted(status, alertname, value, startsAt, fingerprint);
  }

  public static String group(String... alerts) {
    return group("firing", List.of(alerts));
  }

  public static String group(String status, List<String> alerts) {
    return """
        {"version":"4","groupKey":"{}:{alertname=\\"HighErrorRate\\"}","truncatedAlerts":0,\
        "status":"%s","receiver":"runbookd","groupLabels":{"alertname":"HighErrorRate"},\
        "commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager:9093",\
        "alerts":[%s]}"""
        .formatted(status, String.join(",", alerts));
  }

  /** A group of {@code n} distinct HighErrorRate alerts starting at {@code offset}. */
  public static String distinct(int offset, int n) {
    List<String> alerts = new ArrayList<>();
    for (int i = offset; i < offset + n; i++) {
      alerts.add(alert("HighErrorRate", String.format("%016x", i), "2025-10-12T14:03:27Z", "0.12"));
    }
    return group("firing", alerts);
  }
}

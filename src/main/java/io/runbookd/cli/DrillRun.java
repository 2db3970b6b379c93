package io.runbookd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the drills, then polls the runbook listing once a second until each drill's result is
 * there (its incident is the one started, its result PASS or FAIL) or the wait is over; prints one
 * line per runbook: id, PASS or FAIL, incident, reason.
 */
final class DrillRun {
  private static final long POLL_MILLIS = 1000;

  private final ApiClient api;
  private final PrintWriter out;
  private final int waitSeconds;

  DrillRun(ApiClient api, PrintWriter out, int waitSeconds) {
    this.api = api;
    this.out = out;
    this.waitSeconds = Math.max(1, waitSeconds);
  }

  /** A runbook's line: its drill's incident (empty when it did not start) and result. */
  private record Line(String incident, String result, String reason) {}

  int run(List<String> runbooks) throws ApiClient.UnreachableException, DrillCommand.RefusedException {
    Map<String, Line> lines = new LinkedHashMap<>();
    for (String id : runbooks) {
      ApiClient.Answer answer = api.post(RunCommand.path(id, "drills"), Map.of("by", Who.user()));
      lines.put(id, answer.status() == 202 ? new Line(answer.body().path("incident").asText(), "", "")
          : new Line("-", "FAIL", "could not start: " + answer.error()));
    }
    await(lines);
    boolean passed = true;
    for (Map.Entry<String, Line> e : lines.entrySet()) {
      Line line = e.getValue();
      String result = line.result().isEmpty() ? "FAIL" : line.result();
      String reason = line.result().isEmpty() ? "no result within " + waitSeconds + " s" : line.reason();
      out.println(e.getKey() + "  " + result + "  " + line.incident() + "  " + reason);
      passed &= result.equals("PASS");
    }
    out.flush();
    return passed ? 0 : 1;
  }

  private void await(Map<String, Line> lines) throws ApiClient.UnreachableException, DrillCommand.RefusedException {
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    while (lines.values().stream().anyMatch(l -> l.result().isEmpty())) {
      Map<String, JsonNode> listed = DrillCommand.runbooks(api);
      lines.replaceAll((id, line) -> line.result().isEmpty() ? settled(line, listed.get(id)) : line);
      if (System.nanoTime() > deadline || lines.values().stream().noneMatch(l -> l.result().isEmpty())) {
        return;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Line settled(Line line, JsonNode runbook) {
    JsonNode drill = runbook == null ? null : runbook.path("drill");
    if (drill == null || !line.incident().equals(drill.path("incident").asText())) {
      return line;
    }
    String result = drill.path("result").asText("");
    return result.equals("PASS") || result.equals("FAIL") ? new Line(line.incident(), result,
        drill.path("reason").asText("")) : line;
  }
}

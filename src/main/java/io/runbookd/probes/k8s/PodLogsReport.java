package io.runbookd.probes.k8s;

import io.runbookd.plugin.Checks;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What {@code k8s.pod_logs} reports over all pods: the data rules read and the summary. */
record PodLogsReport(PodLogsParams params, List<PodLogScan> scans, boolean truncated) {
  private static final int NAMED = 3;
  private static final Comparator<PodLogScan> MOST_MATCHES =
      Comparator.comparingLong(PodLogScan::matches).reversed().thenComparing(PodLogScan::pod);

  PodLogsReport {
    scans = List.copyOf(scans);
  }

  Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("pods", scans.stream().map(PodLogScan::toData).toList());
    data.put("total_matches", totalMatches());
    data.put("pods_with_matches", (long) withMatches().size());
    data.put("worst_pod", worst().map(PodLogScan::pod).orElse(""));
    data.put("unreadable", unreadable());
    data.put("truncated", truncated);
    return data;
  }

  /** {@code ERROR in 2 of 3 pods (41 lines): nba-mcp-7f9c-oom 37, nba-mcp-7f9c-crash 4}. */
  String summary() {
    List<PodLogScan> matching = withMatches();
    StringBuilder s =
        new StringBuilder()
            .append(Checks.clip(params.pattern()))
            .append(" in ")
            .append(matching.size())
            .append(" of ")
            .append(scans.size())
            .append(scans.size() == 1 ? " pod" : " pods")
            .append(scans.isEmpty() ? " for " + params.selector().text() : "")
            .append(" (")
            .append(totalMatches())
            .append(totalMatches() == 1 ? " line)" : " lines)");
    if (!matching.isEmpty()) {
      s.append(": ")
          .append(
              matching.stream()
                  .limit(NAMED)
                  .map(m -> m.pod() + " " + m.matches())
                  .collect(Collectors.joining(", ")))
          .append(matching.size() > NAMED ? ", …" : "");
    }
    if (unreadable() > 0) {
      s.append("; ").append(unreadable()).append(" unreadable");
    }
    return s.append(truncated ? "; first " + PodLogs.CAP + " pods only" : "").toString();
  }

  private long totalMatches() {
    return scans.stream().mapToLong(PodLogScan::matches).sum();
  }

  private List<PodLogScan> withMatches() {
    return scans.stream().filter(s -> s.matches() > 0).sorted(MOST_MATCHES).toList();
  }

  private Optional<PodLogScan> worst() {
    return withMatches().stream().findFirst();
  }

  private long unreadable() {
    return scans.stream().filter(s -> !s.readable()).count();
  }
}

package io.runbookd.probes.k8s;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pod's log tail said: how many lines were read, how many contain the pattern, and the
 * last few of those (cleaned, see {@link ClusterText}). A pod whose log the API would not give
 * (container not started, pod gone) carries the API's reason in {@code error} instead.
 */
record PodLogScan(
    String pod,
    String container,
    long linesRead,
    long matches,
    List<String> sample,
    boolean limited,
    String error) {
  static final int SAMPLE = 5;

  PodLogScan {
    sample = List.copyOf(sample);
  }

  /** Counts lines containing {@code pattern}: a literal, case-sensitive substring, as grep -F. */
  static PodLogScan of(String pod, String container, String text, String pattern, boolean limited) {
    Deque<String> last = new ArrayDeque<>(SAMPLE);
    long lines = 0;
    long matches = 0;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      lines++;
      if (line.contains(pattern)) {
        matches++;
        if (last.size() == SAMPLE) {
          last.removeFirst();
        }
        last.addLast(line);
      }
    }
    List<String> sample = last.stream().map(ClusterText::clean).toList();
    return new PodLogScan(pod, container, lines, matches, sample, limited, "");
  }

  static PodLogScan unreadable(String pod, String container, String why) {
    return new PodLogScan(pod, container, 0, 0, List.of(), false, why);
  }

  boolean readable() {
    return error.isEmpty();
  }

  Map<String, Object> toData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", pod);
    data.put("container", container);
    data.put("lines_read", linesRead);
    data.put("matches", matches);
    data.put("sample", sample);
    data.put("limited", limited);
    data.put("error", error);
    return data;
  }
}

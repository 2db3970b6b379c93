package io.runbookd.probes;

import java.util.Map;
import java.util.Objects;

/**
 * What a probe found: typed data that rule conditions read as {@code probes.<id>.<field>}
 * (numbers, booleans, text, lists and maps of those), and one line for the timeline and pages.
 * Never carries secrets.
 */
public record Finding(Map<String, Object> data, String summary) {
  public Finding {
    data = Map.copyOf(data);
    Objects.requireNonNull(summary);
  }
}

package io.runbookd.probes.http;

import io.runbookd.http.HttpTarget;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code http.get} reads: an allow-listed URL, the JSON pointers to extract by field name, in
 * the rule's order, the status that counts as healthy, and the bound for the whole request.
 */
public record HttpGetParams(
    HttpTarget target, Map<String, String> pointers, long expectStatus, Duration timeout) {
  public HttpGetParams {
    // In the rule's order: the summary lists fields that way.
    pointers = Collections.unmodifiableMap(new LinkedHashMap<>(pointers));
  }
}

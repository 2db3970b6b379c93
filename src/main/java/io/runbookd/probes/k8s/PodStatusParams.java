package io.runbookd.probes.k8s;

import java.util.Map;

/**
 * What {@code k8s.pod_status} reads: the pods of one namespace matching a non-empty equality
 * selector ({@code selector} parsed, {@code selectorText} as shown in summaries).
 */
public record PodStatusParams(String namespace, Map<String, String> selector, String selectorText) {
  public PodStatusParams {
    selector = Map.copyOf(selector);
  }
}

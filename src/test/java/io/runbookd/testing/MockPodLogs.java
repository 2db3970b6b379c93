package io.runbookd.testing;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pods/log} subresource, which fabric8's CRUD mock does not know: it answers {@code GET
 * .../pods/NAME/log} with a List of every object it stores, whatever the pod. This serves the logs
 * tests put here the way the kubelet does: {@code tailLines} first, then the first {@code
 * limitBytes} bytes of those lines; 404 for a pod that does not exist, an empty log for one that
 * logged nothing.
 */
final class MockPodLogs {
  private static final Pattern LOG_PATH =
      Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(?:\\?(.*))?");

  private final Map<String, String> logs = new ConcurrentHashMap<>();

  void put(String namespace, String pod, String container, String text) {
    logs.put(namespace + "/" + pod + "/" + container, text);
  }

  /** Empty when the request is not a pod log read; {@code podExists} takes the pod's API path. */
  Optional<MockResponse> answer(RecordedRequest request, Predicate<String> podExists) {
    Matcher m = LOG_PATH.matcher(request.getPath());
    if (!"GET".equals(request.getMethod()) || !m.matches()) {
      return Optional.empty();
    }
    String namespace = m.group(1);
    String pod = m.group(2);
    if (!podExists.test("/api/v1/namespaces/" + namespace + "/pods/" + pod)) {
      return Optional.of(notFound(pod));
    }
    Map<String, String> query = query(m.group(3));
    String text = logs.getOrDefault(key(namespace, pod, query.get("container")), "");
    return Optional.of(new MockResponse().setResponseCode(200).setBody(cut(text, query)));
  }

  private String key(String namespace, String pod, String container) {
    String prefix = namespace + "/" + pod + "/";
    if (container != null) {
      return prefix + container;
    }
    return logs.keySet().stream().filter(k -> k.startsWith(prefix)).findFirst().orElse(prefix);
  }

  private static byte[] cut(String text, Map<String, String> query) {
    List<String> lines = text.lines().toList();
    if (query.containsKey("tailLines")) {
      int tail = Integer.parseInt(query.get("tailLines"));
      lines = lines.subList(Math.max(0, lines.size() - tail), lines.size());
    }
    String joined = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    byte[] bytes = joined.getBytes(StandardCharsets.UTF_8);
    if (query.containsKey("limitBytes")) {
      bytes =
          Arrays.copyOf(bytes, Math.min(bytes.length, Integer.parseInt(query.get("limitBytes"))));
    }
    return bytes;
  }

  private static Map<String, String> query(String text) {
    Map<String, String> out = new HashMap<>();
    if (text != null) {
      for (String pair : text.split("&")) {
        String[] kv = pair.split("=", 2);
        out.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
      }
    }
    return out;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static MockResponse notFound(String pod) {
    String status =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
            + "\"pods \\\""
            + pod
            + "\\\" not found\",\"reason\":\"NotFound\",\"code\":404}";
    return new MockResponse().setResponseCode(404).setBody(status);
  }
}

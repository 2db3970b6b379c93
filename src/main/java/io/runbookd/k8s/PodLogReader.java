package io.runbookd.k8s;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log?container=C&tailLines=N&limitBytes=B}, sent
 * through the client's own HTTP client (its authentication and timeouts). Not fabric8's {@code
 * getLog()}: that first waits for the pod to become ready, even with a zero wait, which costs a
 * list and, for a pod that is not ready, a watch opened and closed at once: three calls per pod,
 * for exactly the crashing pods a runbook reads logs of. Errors are thrown as fabric8 would throw
 * them ({@link KubernetesClientException} with the API's code and {@link Status}).
 */
public final class PodLogReader {
  private static final int STATUS_BYTES = 16 * 1024;

  private final KubernetesClient client;

  public PodLogReader(KubernetesClient client) {
    this.client = Objects.requireNonNull(client);
  }

  /**
   * The first {@code maxBytes} bytes of the container's last {@code tailLines} lines, read up to
   * {@code maxBytes} even if the server ignores {@code limitBytes}. Names must be validated.
   */
  public byte[] tail(String namespace, String pod, String container, int tailLines, int maxBytes) {
    HttpRequest request = request(namespace, pod, container, tailLines, maxBytes);
    HttpResponse<InputStream> response = send(request);
    try (InputStream body = response.body()) {
      if (!response.isSuccessful()) {
        throw failure(request, response.code(), body.readNBytes(STATUS_BYTES));
      }
      return body.readNBytes(maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the log of pod " + namespace + "/" + pod, e);
    }
  }

  private HttpRequest request(
      String namespace, String pod, String container, int tailLines, int maxBytes) {
    String path =
        URLUtils.join(
            client.getMasterUrl().toString(),
            "api",
            "v1",
            "namespaces",
            namespace,
            "pods",
            pod,
            "log");
    String query =
        "?container=" + encode(container) + "&tailLines=" + tailLines + "&limitBytes=" + maxBytes;
    return client
        .getHttpClient()
        .newHttpRequestBuilder()
        .uri(path + query)
        .timeout(timeoutMillis(), TimeUnit.MILLISECONDS)
        .build();
  }

  private HttpResponse<InputStream> send(HttpRequest request) {
    try {
      return client
          .getHttpClient()
          .sendAsync(request, InputStream.class)
          .get(timeoutMillis() + 1000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while reading a pod log", e);
    } catch (ExecutionException e) {
      throw KubernetesClientException.launderThrowable(e.getCause());
    } catch (TimeoutException e) {
      throw new KubernetesClientException("timed out reading a pod log", e);
    }
  }

  private long timeoutMillis() {
    int configured = client.getConfiguration().getRequestTimeout();
    return configured > 0 ? configured : KubernetesClients.REQUEST_TIMEOUT.toMillis();
  }

  /** The API's {@link Status} when the body is one, so callers read its message and code. */
  private KubernetesClientException failure(HttpRequest request, int code, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    Status status = null;
    try {
      status = client.getKubernetesSerialization().unmarshal(text, Status.class);
    } catch (RuntimeException notJson) {
      // a proxy's HTML page or plain text: the code alone says enough
    }
    String message =
        status != null && status.getMessage() != null ? status.getMessage() : "HTTP " + code;
    return new KubernetesClientException(message, null, code, status, request);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}

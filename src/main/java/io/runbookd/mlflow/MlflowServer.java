package io.runbookd.mlflow;

import io.runbookd.http.AllowedHosts;
import io.runbookd.http.HttpTarget;
import io.runbookd.http.UrlRefusedException;
import io.runbookd.plugin.RefusedException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A tracking server runbookd may call: the configured {@code mlflow.url} (which receives the token)
 * or a URL on a host of {@code http.allowedHosts} (which does not).
 *
 * @param base the server's base URL, a path prefix such as {@code /mlflow} kept
 * @param configured whether it is {@code mlflow.url}
 */
public record MlflowServer(HttpTarget base, boolean configured) {

  static MlflowServer configured(URI url) {
    try {
      return new MlflowServer(HttpTarget.of(url), true);
    } catch (UrlRefusedException e) {
      throw new IllegalArgumentException("mlflow.url: " + e.getMessage(), e);
    }
  }

  static MlflowServer resolve(String url, Optional<MlflowServer> configured, AllowedHosts allowed)
      throws RefusedException {
    HttpTarget target = HttpTarget.parse(url);
    if (target.uri().getRawQuery() != null) {
      throw new UrlRefusedException("tracking_url must be a base URL without a query");
    }
    if (configured.isPresent() && sameBase(configured.get().base(), target)) {
      return configured.get();
    }
    allowed.check(target);
    return new MlflowServer(target, false);
  }

  private static boolean sameBase(HttpTarget a, HttpTarget b) {
    return a.host().equals(b.host())
        && a.port() == b.port()
        && a.https() == b.https()
        && path(a.uri()).equals(path(b.uri()));
  }

  private static String path(URI uri) {
    return uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
  }

  /** {@code <base><path>?k=v&…}, values percent-encoded, built from the checked base. */
  HttpTarget at(String apiPath, Map<String, String> query) {
    URI uri = base.uri();
    String text = uri.getScheme() + "://" + uri.getRawAuthority() + path(uri) + apiPath;
    if (!query.isEmpty()) {
      text +=
          "?"
              + query.entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> e.getKey() + "=" + encode(e.getValue()))
                  .collect(Collectors.joining("&"));
    }
    return new HttpTarget(URI.create(text), base.host(), base.port());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The server for timelines: scheme, authority and path, never a query. */
  public String display() {
    return base.display();
  }
}

package io.runbookd.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds {@code alertmanager.url} (one URL, or a list for an HA pair) and {@code
 * alertmanager.token}. The URLs are plain http(s) base URLs: credentials go in {@code
 * alertmanager.token(File)}, never in a URL that ends up in logs and timelines.
 */
final class AlertmanagerBinding {
  private static final String URL = "alertmanager.url";

  private AlertmanagerBinding() {}

  static RunbookdConfig.Alertmanager bind(Binder b) {
    List<URI> urls = new ArrayList<>();
    for (String text : b.list(URL)) {
      plain(b, URL, b.parseUri(URL, text, true)).ifPresent(url -> {
        if (urls.contains(url)) {
          b.problem(URL, "lists " + url + " twice");
        } else {
          urls.add(url);
        }
      });
    }
    Optional<Secret> token = b.secret("alertmanager.token");
    if (token.isPresent() && urls.isEmpty()) {
      b.problem("alertmanager.token", "is set, but alertmanager.url is not: set the Alertmanager it is for");
    }
    return new RunbookdConfig.Alertmanager(urls, token);
  }

  /** An optional http(s) base URL at {@code key}, without user information, query or fragment. */
  static Optional<URI> baseUrl(Binder b, String key) {
    return plain(b, key, b.uri(key, true));
  }

  private static Optional<URI> plain(Binder b, String key, Optional<URI> url) {
    if (url.isPresent()
        && (url.get().getRawUserInfo() != null
            || url.get().getRawQuery() != null
            || url.get().getRawFragment() != null)) {
      b.problem(key, "must be a plain base URL without user information, query or fragment");
      return Optional.empty();
    }
    return url;
  }
}

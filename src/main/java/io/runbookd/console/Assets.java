package io.runbookd.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's script and stylesheet, read from the jar once at start and served from memory
 * (nothing is copied to disk). Pages link them with a content hash, so a browser may cache them
 * for good and still never runs a stale script after an upgrade.
 */
final class Assets {
  private static final String ROOT = "/io/runbookd/console/static/";
  private static final Map<String, String> TYPES = Map.of("console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8", "favicon.svg", "image/svg+xml");

  private final Map<String, Buffer> files;
  private final Map<String, String> versions;

  Assets() {
    Map<String, Buffer> loaded = new java.util.HashMap<>();
    Map<String, String> hashes = new java.util.HashMap<>();
    for (String name : TYPES.keySet()) {
      byte[] bytes = read(name);
      loaded.put(name, Buffer.buffer(bytes));
      hashes.put(name, Keys.sha256Hex(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12));
    }
    this.files = Map.copyOf(loaded);
    this.versions = Map.copyOf(hashes);
  }

  private static byte[] read(String name) {
    try (InputStream in = Assets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("console asset missing from the jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path a page links, e.g. {@code /console/static/console.js?v=1a2b3c4d5e6f}. */
  String href(String name) {
    return "/console/static/" + name + "?v=" + versions.get(name);
  }

  void serve(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Buffer body = name == null ? null : files.get(name);
    if (body == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("not found");
      return;
    }
    boolean current = versions.get(name).equals(ctx.request().getParam("v"));
    ctx.response().putHeader("Content-Type", TYPES.get(name))
        .putHeader("Cache-Control", current ? "public, max-age=31536000, immutable" : "no-cache")
        .end(body);
  }
}

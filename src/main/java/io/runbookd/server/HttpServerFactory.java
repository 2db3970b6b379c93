package io.runbookd.server;

import io.runbookd.config.RunbookdConfig;
import io.vertx.core.http.HttpServerOptions;

/** HTTP listener options, tightened from the library defaults. */
final class HttpServerFactory {
  private HttpServerFactory() {}

  static HttpServerOptions options(RunbookdConfig.Server server) {
    return new HttpServerOptions()
        .setHost(server.host())
        .setPort(server.port())
        // Cleartext HTTP/2 upgrades are on by default in Vert.x 5; Alertmanager speaks HTTP/1.1.
        .setHttp2ClearTextEnabled(false)
        // Decompressing request bodies would let a small gzip bomb outgrow maxBodyBytes.
        .setDecompressionSupported(false)
        .setCompressionSupported(false)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        .setIdleTimeout(120)
        .setReuseAddress(true);
  }
}

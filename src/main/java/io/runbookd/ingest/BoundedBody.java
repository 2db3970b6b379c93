package io.runbookd.ingest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory, failing as soon as it grows past the limit: the limit is
 * enforced while reading, not after, and nothing is ever written to disk.
 */
final class BoundedBody {
  /** The body outgrew the limit. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("body too large", null, false, false);
    }
  }

  private BoundedBody() {}

  static Future<Buffer> read(HttpServerRequest request, long limit) {
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (promise.future().isComplete()) {
            return;
          }
          if ((long) body.length() + chunk.length() > limit) {
            promise.tryFail(new TooLargeException());
            request.pause();
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(v -> promise.tryComplete(body));
    request.exceptionHandler(promise::tryFail);
    request.resume();
    return promise.future();
  }
}

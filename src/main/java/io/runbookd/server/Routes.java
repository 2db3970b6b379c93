package io.runbookd.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** JSON answers for unknown paths and unexpected failures; no stack trace leaves the process. */
final class Routes {
  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  private Routes() {}

  static void fallbacks(Router router, ObjectMapper json) {
    router.route().last().handler(ctx -> answer(ctx, json, 404, "no such path"));
    router
        .route()
        .failureHandler(
            ctx -> {
              int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
              if (ctx.failure() != null) {
                log.error("request to {} failed", ctx.normalizedPath(), ctx.failure());
              }
              answer(ctx, json, status, status == 405 ? "method not allowed" : "internal error");
            });
  }

  private static void answer(RoutingContext ctx, ObjectMapper json, int status, String error) {
    if (ctx.response().ended()) {
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    try {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(Buffer.buffer(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      ctx.response().setStatusCode(500).end();
    }
  }
}

package io.runbookd.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.runbookd.http.HttpAnswer;
import java.io.IOException;
import java.util.Optional;

/**
 * What an MLflow answer means: 2xx is the document; 401 and 403 are refused credentials; 408, 429
 * and 5xx are failures to answer (the engine may retry); any other 4xx is a refusal with MLflow's
 * {@code error_code} and {@code message}. Server text is bounded and stripped of control characters
 * before it reaches a message.
 */
final class MlflowAnswers {
  private static final int MAX_MESSAGE = 300;

  private MlflowAnswers() {}

  static JsonNode read(String call, HttpAnswer answer, Optional<JsonNode> document)
      throws MlflowRefusedException, IOException {
    int status = answer.status();
    if (status == 408 || status == 429 || status >= 500) {
      throw new IOException("mlflow " + call + " answered " + status + message(document));
    }
    if (status / 100 == 2) {
      if (answer.truncated()) {
        throw new MlflowRefusedException(
            call, status, "", "answer over " + (answer.body().length >> 10) + " KiB");
      }
      return document.orElse(JsonNodeFactory.instance.objectNode());
    }
    String code = document.map(d -> clean(d.path("error_code").asText(""))).orElse("");
    String message = document.map(d -> clean(d.path("message").asText(""))).orElse("");
    if (status == 401 || status == 403) {
      throw new MlflowRefusedException(
          call, status, code, "the tracking server refused runbookd's credentials (mlflow.token)");
    }
    throw new MlflowRefusedException(call, status, code, message);
  }

  private static String message(Optional<JsonNode> document) {
    String text = document.map(d -> clean(d.path("message").asText(""))).orElse("");
    return text.isEmpty() ? "" : ": " + text;
  }

  static String clean(String text) {
    String line = text.replaceAll("\\p{Cntrl}", " ").strip();
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
  }
}

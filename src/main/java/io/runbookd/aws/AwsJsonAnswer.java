package io.runbookd.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * An AWS JSON 1.1 answer. Errors are {@code 4xx/5xx} with {@code {"__type": "…#Code", "message":
 * "…"}} (some services say {@code Message}) and the same code in {@code x-amzn-ErrorType}; {@link
 * #document} sorts them like {@link AwsErrors}: throttling, limits and 5xx are failures to answer,
 * other 4xx are refusals.
 *
 * @param errorType the {@code x-amzn-ErrorType} header, if any
 */
public record AwsJsonAnswer(
    int status, byte[] body, boolean truncated, Optional<String> errorType) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The answer's JSON document when it is a success.
   *
   * @param operation named in messages, e.g. {@code Cost Explorer GetCostAndUsage}
   * @throws AwsRefusedException when the service answered that the request cannot succeed
   * @throws IOException when it could not answer (5xx, throttling) or answered something else
   */
  public JsonNode document(String operation) throws AwsRefusedException, IOException {
    JsonNode document = parse();
    if (status == 200 && !truncated && document != null) {
      return document;
    }
    String code = code(document);
    String message =
        document == null
            ? ""
            : document.path("message").asText(document.path("Message").asText(""));
    if (status >= 500
        || code.contains("Throttl")
        || code.equals("LimitExceededException")
        || code.equals("RequestTimeout")) {
      throw new IOException(operation + " answered " + status + " " + code);
    }
    if (status >= 400) {
      throw new AwsRefusedException(
          operation,
          status,
          AwsErrors.clean(code.isEmpty() ? "Error" : code),
          AwsErrors.clean(message.isBlank() ? "(no message)" : message));
    }
    throw new IOException(
        operation
            + " answered "
            + status
            + (truncated ? " with an oversized body" : " without JSON"));
  }

  /**
   * {@code ValidationException} from {@code com.amazon.coral.validate#ValidationException} or the
   * header.
   */
  private String code(JsonNode document) {
    String raw = errorType.orElse(document == null ? "" : document.path("__type").asText(""));
    String code = raw.contains("#") ? raw.substring(raw.lastIndexOf('#') + 1) : raw;
    return code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
  }

  private JsonNode parse() {
    if (truncated || body.length == 0) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}

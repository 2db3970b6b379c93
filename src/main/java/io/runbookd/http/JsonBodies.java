package io.runbookd.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads JSON bodies of remote answers with tight limits: Jackson's defaults allow 20 MB strings and
 * 1,000 nesting levels, and let a duplicate key silently win.
 */
public final class JsonBodies {
  private final ObjectMapper mapper;

  public JsonBodies() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // A body such as `{"ok":true} trailing text` is not JSON.
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The parsed document, or empty when {@code body} is empty, truncated or not JSON. */
  public Optional<JsonNode> parse(HttpAnswer answer) {
    if (answer.truncated() || answer.body().length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = mapper.readTree(answer.body());
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}

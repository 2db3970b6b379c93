package io.runbookd.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runbookd.testing.Payloads;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The notification tree holds at most one member or element past each limit: a flood of labels is
 * refused without being built, its siblings read.
 */
class BoundedTreeTest {
  private static final String SIBLING =
      Payloads.alert("HighErrorRate", "000000000000000b", "2025-10-12T14:03:27Z", "0.12");

  /** One alert with {@code labels} labels (an alertname among them), then a good sibling. */
  static String flood(int labels) {
    StringBuilder alert = new StringBuilder("{\"status\":\"firing\",\"labels\":{\"alertname\":\"Flood\"");
    for (int i = 0; i < labels; i++) {
      alert.append(",\"l").append(i).append("\":\"value").append(i).append('"');
    }
    alert.append("},\"startsAt\":\"2025-10-12T14:03:27Z\",\"fingerprint\":\"000000000000000a\"}");
    return Payloads.group(alert.toString(), SIBLING);
  }

  private static JsonNode read(String json) throws Exception {
    try (JsonParser parser = new JsonFactory().createParser(json.getBytes(StandardCharsets.UTF_8))) {
      return new BoundedTree().read(parser);
    }
  }

  @Test
  void buildsNoMoreThanOneLabelPastTheLimitAndReadsTheSibling() throws Exception {
    JsonNode tree = read(flood(200_000));

    assertThat(tree.at("/alerts/0/labels").size()).isEqualTo(Limits.MAX_LABELS + 1);
    assertThat(tree.at("/alerts/0/startsAt").asText()).isEqualTo("2025-10-12T14:03:27Z");
    assertThat(tree.at("/alerts/1")).isEqualTo(new ObjectMapper().readTree(SIBLING));
  }

  @Test
  void theFloodedAlertIsRejectedNamingItsLabelsAndTheSiblingKept() throws Exception {
    Notification parsed =
        new PayloadParser(16L << 20).parse(flood(200_000).getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.rejected())
        .containsExactly(new Rejection(0, "alerts[0].labels", "has more than 128 entries"));
    assertThat(parsed.alerts()).singleElement().satisfies(a -> assertThat(a.fingerprint()).isEqualTo("000000000000000b"));
  }

  @Test
  void labelsAtTheLimitAreKeptWhole() throws Exception {
    Notification parsed =
        new PayloadParser(1L << 20).parse(flood(Limits.MAX_LABELS - 1).getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.rejected()).isEmpty();
    assertThat(parsed.alerts().get(0).labels()).hasSize(Limits.MAX_LABELS);
  }

  @Test
  void skippedMembersMayNestAndTheDocumentGoesOnAfterThem() throws Exception {
    StringBuilder big = new StringBuilder("{\"big\":{");
    for (int i = 0; i < 1000; i++) {
      big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"a\":[1,{\"b\":\"}\"}],\"c\":[]}");
    }
    big.append("},\"after\":[1,2.5,true,false,null,\"x\",12345678901234,123456789012345678901234567890]}");

    JsonNode tree = read(big.toString());

    assertThat(tree.get("big").size()).isEqualTo(BoundedTree.MAX_MEMBERS);
    assertThat(tree.get("after")).isEqualTo(new ObjectMapper().readTree(
        "[1,2.5,true,false,null,\"x\",12345678901234,123456789012345678901234567890]"));
  }

  @Test
  void aSmallDocumentReadsAsJacksonReadsIt() throws Exception {
    String json = Payloads.group(SIBLING, SIBLING.replace("000000000000000b", "000000000000000c"));

    assertThat(read(json)).isEqualTo(new ObjectMapper().readTree(json));
    assertThat(read("")).isNull();
  }

  @Test
  void aDuplicateKeyAmongTheKeptMembersIsMalformedNamingIt() {
    String twice = Payloads.group(SIBLING.replace("\"severity\":\"critical\"", "\"severity\":\"a\",\"severity\":\"b\""));

    assertThatThrownBy(() -> new PayloadParser(1L << 20).parse(twice.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(PayloadException.class, e -> assertThat(e.field()).isEqualTo("alerts[0].labels.severity"))
        .hasMessageContaining("Duplicate field 'severity'");
  }

  @Test
  void aDuplicateKeyPastTheLimitRejectsOnlyItsAlert() throws Exception {
    String flood = flood(300).replace("\"l299\"", "\"l200\"");

    Notification parsed = new PayloadParser(1L << 20).parse(flood.getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.rejected()).extracting(Rejection::field).containsExactly("alerts[0].labels");
    assertThat(parsed.alerts()).hasSize(1);
  }

  @Test
  void aDocumentCutShortInsideASkippedObjectIsMalformed() {
    String cut = flood(200).substring(0, 3000);

    assertThatThrownBy(() -> new PayloadParser(1L << 20).parse(cut.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("malformed JSON");
  }
}

package io.runbookd.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** log.format: json writes one JSON object per line, with the incident, rule and step. */
class JsonLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The shipped JSON configuration on a context of its own, its stderr captured. */
  private static List<JsonNode> logged(java.util.function.Consumer<Logger> body) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream err = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogFormats.configure(context, LogFormats.class.getResource(LogFormats.JSON_CONFIG));
      body.accept(context.getLogger("io.runbookd.engine.Reconciler"));
    } finally {
      context.stop();
      System.setErr(err);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void everyLineIsOneJsonObjectWithTheIncidentRuleAndStep() throws Exception {
    List<JsonNode> lines =
        logged(
            log -> {
              LogContext.Scope incident = LogContext.incident("inc-1a2b", "RB-101");
              try (incident) {
                log.info("diagnosing");
                LogContext.step("evict_leaking").run(() -> log.warn("evicting pod {}", "nba-mcp-7c9f"));
              }
              log.info("idle");
            });

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).path("level").asText()).isEqualTo("INFO");
    assertThat(lines.get(0).path("loggerName").asText()).isEqualTo("io.runbookd.engine.Reconciler");
    assertThat(lines.get(0).path("mdc").path("incident").asText()).isEqualTo("inc-1a2b");
    assertThat(lines.get(0).path("mdc").path("rule").asText()).isEqualTo("RB-101");
    assertThat(lines.get(0).path("mdc").has("step")).isFalse();
    assertThat(lines.get(1).path("formattedMessage").asText()).isEqualTo("evicting pod nba-mcp-7c9f");
    assertThat(lines.get(1).path("mdc").path("step").asText()).isEqualTo("evict_leaking");
    assertThat(lines.get(2).path("mdc").has("incident")).isFalse();
  }

  @Test
  void crAndLfInInputTextCannotForgeALine() throws Exception {
    String forged = "x\r\n{\"level\":\"ERROR\",\"formattedMessage\":\"forged\"}\n";

    List<JsonNode> lines = logged(log -> log.info("label value {}", forged));

    assertThat(lines).singleElement().satisfies(line ->
        assertThat(line.path("formattedMessage").asText()).isEqualTo("label value " + forged));
  }

  @Test
  void anExceptionStaysOnTheSameLine() throws Exception {
    List<JsonNode> lines = logged(log -> log.error("store down", new IllegalStateException("a\nb")));

    assertThat(lines).singleElement().satisfies(line ->
        assertThat(line.path("throwable").path("message").asText()).isEqualTo("a\nb"));
  }

  @Test
  void scopesRestoreWhatWasThereBefore() {
    LogContext.Scope outer = LogContext.step("outer");
    try (outer) {
      String inner = LogContext.step("inner").call(() -> MDC.get(LogContext.STEP));
      assertThat(inner).isEqualTo("inner");
      assertThat(MDC.get(LogContext.STEP)).isEqualTo("outer");
    }
    assertThat(MDC.get(LogContext.STEP)).isNull();
  }
}

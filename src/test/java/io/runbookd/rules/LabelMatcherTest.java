package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelMatcherTest {

  private static final Map<String, String> LABELS =
      Map.of("namespace", "nba-mcp", "pod", "nba-mcp-7d9f-x2k", "env", "");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiterString = " -> ",
      value = {
        "namespace=\"nba-mcp\" -> true",
        "namespace=nba-mcp -> true",
        "  namespace = \"nba-mcp\" -> true",
        "namespace=\"staging\" -> false",
        "namespace!=\"staging\" -> true",
        "namespace!=\"nba-mcp\" -> false",
        "pod=~\"nba-mcp-.*\" -> true",
        "pod=~\"nba-mcp\" -> false",
        "pod=~\"7d9f\" -> false",
        "pod!~\"nba-mcp\" -> true",
        "pod!~\"nba-.*\" -> false",
        "namespace=~\"nba-mcp|other\" -> true",
        "namespace=~\"other|nba\" -> false",
        "missing=\"\" -> true",
        "missing!=\"x\" -> true",
        "missing=~\".*\" -> true",
        "missing=~\".+\" -> false",
        "env=\"\" -> true",
        "pod=~\"nba-mcp-\\w+-\\w+\" -> true",
      })
  void matchesLikeAlertmanager(String matcher, boolean expected) {
    assertThat(LabelMatcher.parse(matcher).matches(LABELS)).isEqualTo(expected);
  }

  @Test
  void quotedValueUnescapesQuoteBackslashAndNewline() {
    LabelMatcher matcher = LabelMatcher.parse("msg=\"a \\\"b\\\" \\\\ c\\nd\"");

    assertThat(matcher.value()).isEqualTo("a \"b\" \\ c\nd");
    assertThat(matcher).hasToString("msg=\"a \\\"b\\\" \\\\ c\\nd\"");
  }

  @Test
  void regexCannotEscapeItsAnchoringGroup() {
    assertThatThrownBy(() -> LabelMatcher.parse("pod=~\"a)|(b\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid regex");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " -> ",
      value = {
        "namespace -> expected <label><op><value>",
        "namespace ~ \"x\" -> expected <label><op><value>",
        "1abc=\"x\" -> expected <label><op><value>",
        "namespace=\"nba-mcp -> missing closing double quote",
        "namespace=\"nba-mcp\\\" -> missing closing double quote",
        "namespace==\"nba-mcp\" -> unescaped double quote",
        "namespace=\"a\"b\" -> unescaped double quote",
        "pod=~\"(\" -> invalid regex: missing closing )",
        "pod=~\"a**\" -> invalid regex",
      })
  void rejectsBadSyntaxWithAReason(String matcher, String reason) {
    assertThatThrownBy(() -> LabelMatcher.parse(matcher))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad matcher '")
        .hasMessageContaining(reason);
  }

  @Test
  void evilRegexOnLongLabelRunsInLinearTime() {
    LabelMatcher matcher = LabelMatcher.parse("pod=~\"(a+)+b\"");
    String label = "a".repeat(100_000);

    assertThat(matcher.matches(Map.of("pod", label))).isFalse();
  }
}

package io.runbookd.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void replacesLineBreaksAndControlCharacters() {
    assertThat(SafeText.of("a\r\nb\tc\u0007d\u2028e\u202ef")).isEqualTo("a  b c d e f");
  }

  @Test
  void capsLengthWithoutSplittingSurrogatePairs() {
    String emoji = "\uD83D\uDE00";

    String capped = SafeText.of("ab" + emoji.repeat(10), 5);

    assertThat(capped).isEqualTo("ab" + emoji + "...");
  }

  @Test
  void keepsShortTextAndMapsNullToEmpty() {
    assertThat(SafeText.of("HighErrorRate")).isEqualTo("HighErrorRate");
    assertThat(SafeText.of(null)).isEmpty();
  }
}

package io.runbookd.escalation.pagers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackTextTest {
  @Test
  void escapesTheThreeControlCharacters() {
    assertThat(SlackText.escape("<!channel> & <@U024BE7LH> <http://evil|click>"))
        .isEqualTo("&lt;!channel&gt; &amp; &lt;@U024BE7LH&gt; &lt;http://evil|click&gt;");
  }

  @Test
  void leavesStylingAloneAndFlattensLineBreaks() {
    assertThat(SlackText.escape("*bold* `code`\r\nnext")).isEqualTo("*bold* `code`  next");
  }

  @Test
  void cutsBetweenEntitiesNeverInsideOne() {
    String cut = SlackText.escape("ab<<<<", 8);

    assertThat(cut).isEqualTo("ab&lt;…");
    assertThat(cut.length()).isLessThanOrEqualTo(8);
  }

  @Test
  void bulletListsStayWithinTheirLimitAndCountTheRest() {
    List<String> lines = Collections.nCopies(50, "x".repeat(200));

    String text = SlackText.bullets("Findings", lines, 1000);

    assertThat(text).startsWith("*Findings*\n• x").endsWith(" more").hasSizeLessThanOrEqualTo(1000);
    assertThat(SlackText.bullets("Actions", List.of(), 1000)).isEqualTo("*Actions*\n_none_");
  }
}
